package dev.keel.kernel.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;
import java.util.SortedMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Finds the Metatype definition (OCD) designated for a PID, in any bundle, through the MetaTypeService. */
final class Definitions {

    private final MetaTypeService metaType;
    private final BundleContext context;

    Definitions(MetaTypeService metaType, BundleContext context) {
        this.metaType = metaType;
        this.context = context;
    }

    /**
     * @param pid the PID, or for a factory configuration its factory PID
     * @param factory whether {@code pid} is a factory PID
     * @param preferred the bundle to look in first (the configuration's target), may be null
     */
    Optional<Definition> find(String pid, boolean factory, Bundle preferred) {
        if (pid == null) {
            return Optional.empty();
        }
        if (preferred != null) {
            Optional<Definition> d = in(preferred, pid, factory);
            if (d.isPresent()) {
                return d;
            }
        }
        for (Bundle b : context.getBundles()) {
            Optional<Definition> d = in(b, pid, factory);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** Every designated PID (factory PIDs too) with its definition. */
    SortedMap<String, Definition> all() {
        SortedMap<String, Definition> out = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = info(b);
            if (info == null) {
                continue;
            }
            for (String pid : orEmpty(info.getPids())) {
                out.putIfAbsent(pid, new Definition(b, info.getObjectClassDefinition(pid, null)));
            }
            for (String pid : orEmpty(info.getFactoryPids())) {
                out.putIfAbsent(pid, new Definition(b, info.getObjectClassDefinition(pid, null)));
            }
        }
        return out;
    }

    private Optional<Definition> in(Bundle b, String pid, boolean factory) {
        MetaTypeInformation info = info(b);
        if (info == null) {
            return Optional.empty();
        }
        String[] pids = factory ? info.getFactoryPids() : info.getPids();
        if (!Arrays.asList(orEmpty(pids)).contains(pid)) {
            return Optional.empty();
        }
        try {
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            return ocd == null ? Optional.empty() : Optional.of(new Definition(b, ocd));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private MetaTypeInformation info(Bundle b) {
        int state = b.getState();
        if (state == Bundle.UNINSTALLED || state == Bundle.INSTALLED) {
            return null;
        }
        try {
            return metaType.getMetaTypeInformation(b);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return null; // the bundle went away meanwhile
        }
    }

    private static String[] orEmpty(String[] a) {
        return a == null ? new String[0] : a;
    }
}
