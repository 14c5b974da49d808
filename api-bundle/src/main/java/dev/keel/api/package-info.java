/**
 * The Keel plugin contract and the services the kernel offers about plugins.
 * <p>
 * A plugin is a bundle that registers a {@link dev.keel.api.Plugin} service,
 * usually through Declarative Services with {@link dev.keel.api.KeelPlugin}
 * carrying its start priority and the plugins it requires.
 */
@Export
@Version("1.1.0")
package dev.keel.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
