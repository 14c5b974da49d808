/**
 * The user business contract. Versioned on its own, so a new major version
 * can be exported beside the old one.
 * <p>1.1: the records are {@link java.io.Serializable}, so calls cross nodes of a cluster (Remote Services).
 * <p>1.2: {@link dev.keel.api.user.UserService#exists}, the question order asks, which crosses nodes.
 */
@Export
@Version("1.2.0")
package dev.keel.api.user;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
