package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginState;

/**
 * Readiness on the real bundles: an ACTIVE plugin whose route is not
 * registered (its servlet component waits for its store, here disabled) is not ready, and
 * {@code /health}, {@code /health/ready} say which route; ready again once the
 * route is back, and the route answers then.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReadinessIT {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRuntime runtime;

    @Inject
    private ServiceComponentRuntime scr;

    private Api api;

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort());
    }

    @Before
    public void connect() {
        api = Api.inFramework(context);
        Await.until("ready", Duration.ofSeconds(60), () -> api.get("/health/ready").status() == 200,
                () -> api.get("/health/ready"));
    }

    @After
    public void enableEverythingAgain() {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(userBundle())) {
            if (!scr.isComponentEnabled(d)) {
                scr.enableComponent(d);
            }
        }
    }

    private Bundle userBundle() {
        return List.of(context.getBundles()).stream()
                .filter(b -> "dev.keel.user-bundle".equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    /**
     * The components of the user bundle that its route's servlet component
     * references (its store): without them the servlet waits, as it does at
     * start-up until storage is up, while the plugin itself is ACTIVE.
     */
    private List<ComponentDescriptionDTO> whatTheRouteWaitsFor() {
        Bundle user = userBundle();
        ComponentDescriptionDTO route = scr.getComponentDescriptionDTOs(user).stream()
                .filter(d -> d.properties != null && d.properties.containsKey("keel.route")).findFirst().orElseThrow();
        Set<String> needs = Stream.of(route.references).map(r -> r.interfaceName).collect(Collectors.toSet());
        List<ComponentDescriptionDTO> providers = scr.getComponentDescriptionDTOs(user).stream()
                .filter(d -> d.serviceInterfaces != null && Stream.of(d.serviceInterfaces).anyMatch(needs::contains))
                .toList();
        assertFalse("the route's servlet references a component of its bundle: " + needs, providers.isEmpty());
        return providers;
    }

    @Test
    public void anActivePluginWithoutItsRouteIsNotReady() {
        assertEquals(200, api.get("/api/user/users").status());
        List<ComponentDescriptionDTO> needed = whatTheRouteWaitsFor();
        needed.forEach(scr::disableComponent);
        Await.until("the route is gone", () -> api.get("/api/user/users").status() == 404);

        assertEquals("the plugin itself stays ACTIVE", PluginState.ACTIVE,
                runtime.plugin("user").orElseThrow().state());
        Api.Reply ready = api.get("/health/ready");
        assertEquals(ready.toString(), 503, ready.status());
        assertTrue(ready.toString(), ready.raw().body().contains("\"kind\":\"route\",\"name\":\"user /users\""));
        Api.Reply health = api.get("/health");
        assertEquals(health.toString(), 503, health.status());
        assertTrue(health.toString(), health.raw().body().contains("route /users is not registered yet"));

        needed.forEach(scr::enableComponent);
        Await.until("ready again", Duration.ofSeconds(30), () -> api.get("/health/ready").status() == 200);
        assertEquals("ready means the route answers", 200, api.get("/api/user/users").status());
        assertEquals(200, api.get("/health").status());
    }
}
