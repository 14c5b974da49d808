package dev.keel.kernel.ssh;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
final class CommandCompleter implements Completer {

    private static final Set<String> TAKES_PLUGIN = Set.of("keel:plugin", "keel:start", "keel:stop", "keel:update",
            "keel:uninstall");

    private final BundleContext context;
    private final Completer files = new FileNameCompleter();

    CommandCompleter(BundleContext context) {
        this.context = context;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands().forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        String first = line.words().get(0);
        if (TAKES_PLUGIN.contains(first) && line.wordIndex() == 1) {
            plugins().forEach(p -> candidates.add(new Candidate(p)));
            return;
        }
        files.complete(reader, line, candidates);
    }

    /** Every command as scope:function and as function. */
    Set<String> commands() {
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

    private Set<String> plugins() {
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
