package dev.keel.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for a {@link Plugin} component: its start priority
 * and the plugins it requires. Becomes the service properties
 * {@value #PRIORITY} and {@value #REQUIRES}.
 *
 * <pre>
 * &#64;Component
 * &#64;KeelPlugin(priority = 30, requires = {"user", "payment"})
 * public class OrderPlugin implements Plugin { ... }
 * </pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface KeelPlugin {

    /** Prefix of the generated service property names. */
    String PREFIX_ = "keel.plugin.";

    /** Service property holding the start priority (an integer). */
    String PRIORITY = "keel.plugin.priority";

    /** Service property holding the names of the required plugins. */
    String REQUIRES = "keel.plugin.requires";

    /** Priority used when a plugin service carries none. */
    int DEFAULT_PRIORITY = 100;

    /**
     * Start priority: among plugins that are ready to start, the lower value
     * starts first (as with start levels); ties are broken by name.
     *
     * @return the priority
     */
    int priority() default DEFAULT_PRIORITY;

    /**
     * Names of the plugins that must be {@link PluginState#ACTIVE ACTIVE}
     * before this one starts. When one of them stops, this plugin is stopped
     * first and started again when it returns.
     *
     * @return the required plugin names
     */
    String[] requires() default {};
}
