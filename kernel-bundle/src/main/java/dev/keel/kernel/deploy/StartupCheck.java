package dev.keel.kernel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.keel.api.Plugin;
import dev.keel.api.PluginStatus;
import dev.keel.kernel.observe.ReadinessCheck;

/**
 * Readiness: start-up has settled. The framework has started; every jar in
 * {@code deploy/} is installed, started and its components taken up by SCR
 * (jars reported as problems count as settled: they are reported, not
 * awaited); and every {@code Plugin} component whose service is registered is
 * known to the kernel's plugin lifecycle (which takes registrations up on a
 * thread of its own).
 */
@Component
public final class StartupCheck implements ReadinessCheck {

    private static final String KIND = "startup";

    private final BundleContext context;
    private final DeployMonitor deploy;
    private final ServiceComponentRuntime scr;

    @Activate
    public StartupCheck(BundleContext context, @Reference DeployMonitor deploy, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.deploy = deploy;
        this.scr = scr;
    }

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public Result check(Scope scope) {
        List<Part> pending = new ArrayList<>();
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            pending.add(part("framework", "the framework is starting"));
        }
        Bundle[] bundles = context.getBundles();
        Map<Path, Bundle> byPath = new HashMap<>();
        for (Bundle b : bundles) {
            Path p = DeployMonitor.locationPath(b.getLocation());
            if (p != null) {
                byPath.put(p, b);
            }
        }
        for (Path jar : deployedJars()) {
            String file = deploy.display(jar);
            if (deploy.reportedAsNoBundle(file)) {
                continue;
            }
            Bundle b = byPath.get(jar);
            if (b == null) {
                pending.add(part(file, file + ": not installed yet"));
            } else if (!deploy.reportedAsUnresolved(b.getBundleId())
                    && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null
                    && (b.getState() & (Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING)) != 0) {
                pending.add(part(file, file + ": not started yet"));
            } else if (b.getState() == Bundle.ACTIVE && !componentsTakenUp(b)) {
                pending.add(part(file, file + ": components not registered yet"));
            }
        }
        Set<Long> known = scope.plugins().stream().map(PluginStatus::bundleId).collect(Collectors.toSet());
        for (Bundle b : bundles) {
            if (b.getState() == Bundle.ACTIVE && !known.contains(b.getBundleId()) && registersPlugin(b)) {
                pending.add(part(b.getSymbolicName(), b.getSymbolicName() + " [" + b.getBundleId()
                        + "]: its plugin is not taken up yet"));
            }
        }
        return Result.of(pending);
    }

    private static Part part(String name, String reason) {
        return new Part(KIND, name, reason, true);
    }

    /** SCR has read the bundle's components and made a configuration of each enabled one. */
    private boolean componentsTakenUp(Bundle b) {
        if (b.getHeaders("").get("Service-Component") == null) {
            return true;
        }
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(b);
        if (descriptions.isEmpty()) {
            return false;
        }
        for (ComponentDescriptionDTO d : descriptions) {
            if (scr.isComponentEnabled(d) && !"require".equals(d.configurationPolicy)
                    && scr.getComponentConfigurationDTOs(d).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** A component of the bundle provides {@code Plugin} and is satisfied: its service is registered. */
    private boolean registersPlugin(Bundle b) {
        if (b.getHeaders("").get("Service-Component") == null) {
            return false;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (d.serviceInterfaces == null || !List.of(d.serviceInterfaces).contains(Plugin.class.getName())) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Path> deployedJars() {
        try (Stream<Path> files = Files.list(deploy.deployDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .map(f -> f.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
