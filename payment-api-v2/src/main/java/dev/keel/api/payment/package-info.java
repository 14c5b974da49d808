/**
 * The payment business contract, major version 2: one request object and a
 * receipt instead of 1.x's positional arguments. Incompatible with 1.x, so it
 * is exported as 2.0.0 beside it; consumers importing {@code [1,2)} keep
 * 1.x providers, consumers importing {@code [2,3)} get 2.x providers.
 */
@Export
@Version("2.0.0")
package dev.keel.api.payment;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
