package dev.keel.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Path;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Fixture bundles handed to a pax-exam test: {@link FixtureBundles} builds them
 * in the test runner's {@code @Configuration} (bnd is not in the framework),
 * {@link #option} names each one in a framework property, and inside the
 * framework {@link #install} installs it by that name. (The test class is
 * loaded again in the framework, so a static field would not carry the path.)
 */
public final class Fixtures {

    private static final String PREFIX = "keel.itest.fixture.";

    private Fixtures() {
    }

    /** The framework property naming a built fixture jar. */
    public static Option option(String name, Path jar) {
        return frameworkProperty(PREFIX + name).value(jar.toUri().toString());
    }

    /** The location of the fixture jar {@link #option} named. */
    public static String location(BundleContext context, String name) {
        String location = context.getProperty(PREFIX + name);
        if (location == null) {
            throw new AssertionError("no fixture " + name + " (built in the test's @Configuration?)");
        }
        return location;
    }

    /** Installs the named fixture bundle (not started). */
    public static Bundle install(BundleContext context, String name) throws BundleException {
        return context.installBundle(location(context, name));
    }
}
