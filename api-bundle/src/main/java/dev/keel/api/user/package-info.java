/**
 * The user business contract. Versioned on its own, so a new major version
 * can be exported beside the old one.
 */
@Export
@Version("1.0.0")
package dev.keel.api.user;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
