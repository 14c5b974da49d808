/**
 * HTTP contracts between plugins and the kernel's one HTTP entry: how a plugin
 * offers a servlet ({@link dev.keel.api.http.KeelRoute}) and how it reports an
 * error as RFC 9457 problem details ({@link dev.keel.api.http.ProblemException});
 * and the outbound HTTP client the kernel offers ({@link dev.keel.api.http.KeelHttpClient}).
 */
@Export
@Version("1.1.0")
package dev.keel.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
