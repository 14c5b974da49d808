package dev.keel.kernel.log;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration {@code keel.log} ({@code etc/keel.log.cfg}): the log file, rotation, console and levels. */
@ObjectClassDefinition(name = "Keel log", description = "The kernel's log sink and the log level of each plugin.")
public @interface LogConfig {

    @AttributeDefinition(name = "Log file", required = false,
            description = "JSON lines, one per record, relative to the Keel home. Empty: the framework property "
                    + "keel.log.file, else data/log/keel.log.")
    String file() default "";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1024",
            description = "The log file is rotated (keel.log -> keel.log.1 -> ...) before it grows past this size.")
    long max_file_bytes() default 10_485_760;

    @AttributeDefinition(name = "Files kept", min = "1", max = "100",
            description = "The log file and its rotated copies: at most this many files.")
    int max_files() default 5;

    @AttributeDefinition(name = "Console level", options = {@Option(value = "TRACE"), @Option(value = "DEBUG"),
            @Option(value = "INFO"), @Option(value = "WARN"), @Option(value = "ERROR"), @Option(value = "AUDIT")},
            description = "Records at this level and above are printed on the console too.")
    String console_level() default "INFO";

    @AttributeDefinition(name = "Root level", options = {@Option(value = "TRACE"), @Option(value = "DEBUG"),
            @Option(value = "INFO"), @Option(value = "WARN"), @Option(value = "ERROR"), @Option(value = "AUDIT")},
            description = "The level of every bundle without a level of its own. level.<plugin> (a plugin name, "
                    + "or a bundle symbolic name) sets one plugin's level the same way.")
    String level_root() default "INFO";
}
