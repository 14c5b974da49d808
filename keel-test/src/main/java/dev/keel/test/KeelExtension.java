package dev.keel.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WithKeel}: one Keel per test class,
 * started before its first test, stopped (and its home deleted) when the
 * class's extension store closes. Settings come from system properties, which
 * a plugin project's failsafe configuration passes:
 * {@value #DIST} (the unpacked distribution, required), {@value #PLUGIN_JAR}
 * (the plugin under test), {@value #PLUGINS} (more jars, separated by the path
 * separator) and {@value #START_TIMEOUT} (seconds, default 180).
 */
public final class KeelExtension implements BeforeAllCallback, ParameterResolver {

    /** The assembled distribution: a folder with {@code bin/keel}, or one holding a single {@code keel-*} folder. */
    public static final String DIST = "keel.dist";
    /** The plugin under test: its jar. */
    public static final String PLUGIN_JAR = "keel.plugin.jar";
    /** More plugin jars for every test class. */
    public static final String PLUGINS = "keel.plugins";
    /** How long the start may take, in seconds. */
    public static final String START_TIMEOUT = "keel.start.timeout";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeelExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        keel(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Keel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return keel(context);
    }

    /** The class's Keel: started in beforeAll in the class's store, which method contexts see too. */
    private static Keel keel(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, c -> Keel.start(settings(testClass)),
                Keel.class);
    }

    static Keel.Settings settings(Class<?> testClass) {
        WithKeel with = testClass.getAnnotation(WithKeel.class);
        String dist = System.getProperty(DIST);
        if (dist == null || dist.isBlank()) {
            throw new ExtensionConfigurationException("system property " + DIST
                    + " is not set: point it at the unpacked Keel distribution (the archetype's pom unpacks "
                    + "dev.keel:distribution:tar.gz into target/keel and passes it to failsafe)");
        }
        List<Path> jars = new ArrayList<>();
        String self = System.getProperty(PLUGIN_JAR);
        if (with == null || with.pluginUnderTest()) {
            if (self == null || self.isBlank()) {
                throw new ExtensionConfigurationException("system property " + PLUGIN_JAR
                        + " is not set: the plugin under test is deployed from it (or use pluginUnderTest = false)");
            }
            jars.add(existing(self));
        }
        String more = System.getProperty(PLUGINS, "");
        for (String jar : more.split(java.io.File.pathSeparator)) {
            if (!jar.isBlank()) {
                jars.add(existing(jar));
            }
        }
        if (with != null) {
            for (String jar : with.plugins()) {
                jars.add(existing(jar));
            }
        }
        long timeout = Long.getLong(START_TIMEOUT, 180);
        return new Keel.Settings(Path.of(dist), jars, with == null ? List.of() : List.of(with.config()), timeout);
    }

    private static Path existing(String jar) {
        Path path = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new ExtensionConfigurationException("plugin jar " + path + " does not exist (build it first: "
                    + "integration tests run after package)");
        }
        return path;
    }
}
