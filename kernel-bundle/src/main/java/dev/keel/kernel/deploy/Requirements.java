package dev.keel.kernel.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/** Says in one line why a bundle cannot resolve: the requirements no installed bundle provides. */
public final class Requirements {

    private static final Pattern FILTER_NAME = Pattern.compile("\\(([\\w.]+)=([^)]+)\\)");
    /** A version term of a filter, negated or not: {@code (version>=1.0.0)}, {@code (!(version>=2.0.0))}. */
    private static final Pattern VERSION = Pattern.compile("(\\(!)?\\(version([<>]?=)([^)]+)\\)");

    private Requirements() {
    }

    /** The mandatory requirements of {@code b} that no bundle provides, e.g. {@code missing package x.y version>=1.0.0}. */
    public static String missing(Bundle b, FrameworkWiring wiring) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) {
            return "no revision";
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = req.getDirectives();
            if ("optional".equals(directives.get("resolution"))) {
                continue;
            }
            String effective = directives.get("effective");
            if (effective != null && !"resolve".equals(effective)) {
                continue;
            }
            Collection<BundleCapability> providers = wiring.findProviders(req);
            if (providers.isEmpty()) {
                missing.add(describe(req));
            }
        }
        return missing.isEmpty() ? "conflicting constraints ('start " + b.getBundleId() + "' prints the resolver's reason)"
                : "missing " + String.join(", ", missing);
    }

    static String describe(BundleRequirement req) {
        String filter = req.getDirectives().getOrDefault("filter", "");
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(req.getNamespace())) {
            Matcher m = FILTER_NAME.matcher(filter);
            String name = null;
            List<String> versions = new ArrayList<>();
            while (m.find()) {
                if (m.group(1).equals(PackageNamespace.PACKAGE_NAMESPACE)) {
                    name = m.group(2);
                }
            }
            Matcher v = VERSION.matcher(filter);
            while (v.find()) {
                versions.add("version" + (v.group(1) == null ? v.group(2) : negated(v.group(2))) + v.group(3));
            }
            if (name != null) {
                return "package " + name + (versions.isEmpty() ? "" : " " + String.join(" ", versions));
            }
        }
        return req.getNamespace() + " " + filter;
    }

    /** The operator of {@code (!(version OP x))}: bnd writes a range's upper bound {@code [1.0,2)} so. */
    private static String negated(String op) {
        return switch (op) {
            case ">=" -> "<";
            case "<=" -> ">";
            default -> "!=";
        };
    }
}
