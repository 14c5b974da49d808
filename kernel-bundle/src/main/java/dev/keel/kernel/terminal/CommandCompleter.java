package dev.keel.kernel.terminal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;

/**
 * Completes the first word with the Gogo commands registered now (scoped and
 * plain), the word after a {@code keel:} plugin command with plugin names, and
 * other words with file names.
 */
public final class CommandCompleter implements Completer {

    private static final Set<String> TAKES_PLUGIN = Set.of("keel:plugin", "keel:start", "keel:stop", "keel:update",
            "keel:uninstall", "keel:canary", "keel:promote", "keel:rollback", "keel:metrics");

    private final Supplier<Set<String>> commands;
    private final Supplier<Set<String>> plugins;
    private final Completer files = new FileNameCompleter();

    /** Completes what the framework of {@code context} offers: its commands, the kernel's plugins. */
    public CommandCompleter(BundleContext context) {
        this(() -> commands(context), () -> plugins(context));
    }

    CommandCompleter(Supplier<Set<String>> commands, Supplier<Set<String>> plugins) {
        this.commands = commands;
        this.plugins = plugins;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands.get().forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        String first = line.words().get(0);
        if (TAKES_PLUGIN.contains(first) && line.wordIndex() == 1) {
            plugins.get().forEach(p -> candidates.add(new Candidate(p)));
            return;
        }
        files.complete(reader, line, candidates);
    }

    /** Every command as scope:function and as function. */
    static Set<String> commands(BundleContext context) {
        Set<String> names = new TreeSet<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=*)");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                names.addAll(names(String.valueOf(ref.getProperty("osgi.command.scope")),
                        ref.getProperty("osgi.command.function")));
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no completion rather than an error in the middle of typing
        }
        return names;
    }

    static Set<String> names(String scope, Object functions) {
        Set<String> out = new TreeSet<>();
        Object[] all = functions instanceof Object[] array ? array : new Object[] {functions};
        for (Object f : all) {
            if (f != null && !String.valueOf(f).isBlank()) {
                out.add(scope + ":" + f);
                out.add(String.valueOf(f));
            }
        }
        return out;
    }

    private static Set<String> plugins(BundleContext context) {
        Set<String> names = new TreeSet<>();
        try {
            ServiceReference<PluginRuntime> ref = context.getServiceReference(PluginRuntime.class);
            PluginRuntime runtime = ref == null ? null : context.getService(ref);
            if (runtime != null) {
                try {
                    runtime.plugins().stream().map(PluginStatus::name).forEach(names::add);
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (IllegalStateException e) {
            // the kernel is going away
        }
        return names;
    }
}
