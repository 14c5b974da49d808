/**
 * The payment business contract. Versioned on its own, so a new major version
 * can be exported beside the old one.
 * <p>1.1: the records are {@link java.io.Serializable}, so calls cross nodes of a cluster (Remote Services).
 */
@Export
@Version("1.1.0")
package dev.keel.api.payment;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
