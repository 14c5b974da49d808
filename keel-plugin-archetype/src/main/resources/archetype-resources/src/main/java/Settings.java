package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's configuration, typed: DS hands an instance of this annotation
 * to the servlet, built from {@code etc/${package}.cfg} (or the defaults).
 * Metatype describes it, and the kernel checks every value against that
 * description before the plugin sees it ({@code keel:config ${package}}).
 */
@ObjectClassDefinition(name = "${pluginName}", description = "Settings of the ${pluginName} plugin.")
public @interface Settings {

    /** Configuration PID: {@code etc/${package}.cfg}. */
    String PID = "${package}";

    @AttributeDefinition(description = "The title in the answer of GET /api/${pluginName}/items.")
    String title() default "${pluginName}";

    @AttributeDefinition(min = "1", max = "1000000", description = "The largest quantity one item may have.")
    int max_quantity() default 1000;
}
