package dev.keel.kernel.docs;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Renders {@code docs/shell.md} from the kernel's Gogo commands: the command
 * components are found in the DS descriptions bnd generates
 * ({@code osgi.command.scope} and {@code osgi.command.function}), and each
 * command's text is the {@code @Descriptor} of its method and parameters, the
 * same text {@code help keel:<command>} prints.
 */
final class ShellReference {

    /** One command group: a component and the commands it registers. */
    record Group(String scope, Class<?> type, List<String> functions) {
        String title() {
            return type.getSimpleName().replace("Commands", "").toLowerCase();
        }
    }

    private ShellReference() {
    }

    static String render(Path osgiInf) throws Exception {
        List<Group> groups = groups(osgiInf);
        StringBuilder out = new StringBuilder("# Shell reference\n\n");
        out.append(Generated.NOTE);
        out.append("""
                Keel's commands are in scope `keel`, on the console of `./keel` (`bin/keel`) and over SSH \
                (`bin/keel client [COMMAND]`): the same JLine console, with Tab completion of command and plugin \
                names and a history (Up/Down, Ctrl-R). `help keel:<command>` prints the text below for one \
                command. Ctrl-D, `exit` or `shutdown` on the console of `./keel` stops Keel; over SSH Ctrl-D or \
                `exit` closes the session and `shutdown` stops Keel. The standard Gogo and Felix commands stay \
                available unscoped: `lb`, `install`, `start`, `stop`, `update`, `refresh`, `uninstall`, \
                `headers`, `inspect`, `help`; unscoped names find them first (`start 12` is the bundle command, \
                `keel:start order` the plugin command).

                """);
        for (Group g : groups) {
            out.append("## ").append(g.title()).append("\n\n");
            out.append("| command | what it does |\n|---|---|\n");
            for (String function : g.functions()) {
                for (Method m : methods(g.type(), function)) {
                    out.append("| `").append(usage(g.scope(), function, m).replace("|", "\\|")).append("` | ")
                            .append(Generated.escape(help(m))).append(" |\n");
                }
            }
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** The command components, in the order of their class names. */
    static List<Group> groups(Path osgiInf) throws Exception {
        List<Group> groups = new ArrayList<>();
        try (Stream<Path> files = Files.list(osgiInf)) {
            for (Path xml : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                Group g = group(xml);
                if (g != null) {
                    groups.add(g);
                }
            }
        }
        return groups;
    }

    private static Group group(Path xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getDocumentElement();
        String scope = null;
        List<String> functions = List.of();
        NodeList properties = root.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            String value = p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent();
            if (p.getAttribute("name").equals("osgi.command.scope")) {
                scope = value.strip();
            } else if (p.getAttribute("name").equals("osgi.command.function")) {
                functions = value.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
        }
        if (scope == null || functions.isEmpty()) {
            return null;
        }
        Element implementation = (Element) root.getElementsByTagName("implementation").item(0);
        return new Group(scope, Class.forName(implementation.getAttribute("class")), functions);
    }

    /** The public methods that implement a command, fewest arguments first. */
    static List<Method> methods(Class<?> type, String function) throws IOException {
        List<Method> methods = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(function) && !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparingInt(Method::getParameterCount)).toList();
        if (methods.isEmpty()) {
            throw new IOException(type.getName() + " registers the command " + function + " but has no such method");
        }
        return methods;
    }

    /** {@code keel:ready [-t | --timeout <seconds>]}: options first, then the arguments. */
    static String usage(String scope, String function, Method m) {
        StringBuilder usage = new StringBuilder(scope).append(':').append(function);
        java.lang.reflect.Parameter[] params = m.getParameters();
        for (java.lang.reflect.Parameter p : params) {
            Parameter option = p.getAnnotation(Parameter.class);
            if (option != null) {
                usage.append(" [").append(String.join(" | ", option.names()));
                if (Parameter.UNSPECIFIED.equals(option.presentValue())) {
                    usage.append(" <").append(p.getName()).append('>');
                }
                usage.append(']');
            }
        }
        for (java.lang.reflect.Parameter p : params) {
            if (p.getAnnotation(Parameter.class) == null) {
                usage.append(" <").append(p.getName()).append('>');
            }
        }
        return usage.toString();
    }

    /** The method's descriptor, then each parameter's, as Gogo's help shows them. */
    static String help(Method m) {
        Descriptor d = m.getAnnotation(Descriptor.class);
        if (d == null) {
            throw new IllegalStateException(m + " has no @Descriptor: help would print nothing for it");
        }
        StringBuilder help = new StringBuilder(d.value().strip());
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            Descriptor pd = p.getAnnotation(Descriptor.class);
            Parameter option = p.getAnnotation(Parameter.class);
            String name = option == null ? "<" + p.getName() + ">" : String.join(", ", option.names());
            help.append("; ").append(name).append(": ").append(pd == null ? "(no description)" : pd.value().strip());
            if (option != null && !Parameter.UNSPECIFIED.equals(option.absentValue())
                    && Parameter.UNSPECIFIED.equals(option.presentValue()) && !option.absentValue().isEmpty()) {
                help.append(" (default ").append(option.absentValue()).append(')');
            }
        }
        return help.toString().replaceAll("\\s+", " ");
    }
}
