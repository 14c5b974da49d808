package dev.keel.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real Keel: before its first test the
 * {@link KeelExtension} copies the assembled distribution (system property
 * {@value KeelExtension#DIST}) to a temporary home, puts the plugin under test
 * (system property {@value KeelExtension#PLUGIN_JAR}) and {@link #plugins()}
 * into its {@code deploy/}, starts it on free ports with embedded H2 and waits
 * until every plugin is ACTIVE; after the last test it stops it and deletes
 * the home. Test methods (and constructors) take a {@link Keel} parameter.
 *
 * <pre>
 * &#64;WithKeel
 * class InventoryIT {
 *     &#64;Test
 *     void lists(Keel keel) {
 *         assertEquals(200, keel.get("/api/inventory/items", "viewer").statusCode());
 *     }
 * }
 * </pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KeelExtension.class)
public @interface WithKeel {

    /**
     * More plugin jars to deploy beside the plugin under test (paths relative
     * to the working directory, the project folder under Maven), e.g. another
     * team's plugin whose contract this one calls.
     */
    String[] plugins() default {};

    /** Whether the jar named by {@value KeelExtension#PLUGIN_JAR} is deployed (default true). */
    boolean pluginUnderTest() default true;

    /**
     * Configuration files written into the home's {@code etc/} before the
     * start, each {@code "PID: key=value, key=value"} (a value may not hold a
     * comma), e.g. {@code "keel.inventory: greeting=Hi"}.
     */
    String[] config() default {};
}
