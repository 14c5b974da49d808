package dev.keel.kernel.security;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** The Keel home the security files live in: framework property {@code keel.home}, else the working directory. */
final class Homes {

    private Homes() {
    }

    static Path home(BundleContext context) {
        String home = context.getProperty("keel.home");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
    }
}
