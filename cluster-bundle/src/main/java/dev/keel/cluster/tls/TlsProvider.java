package dev.keel.cluster.tls;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.aries.rsa.annotations.RSADistributionProvider;
import org.apache.aries.rsa.spi.DistributionProvider;
import org.apache.aries.rsa.spi.Endpoint;
import org.apache.aries.rsa.spi.IntentUnsatisfiedException;
import org.apache.aries.rsa.util.StringPlus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.remoteserviceadmin.EndpointDescription;
import org.osgi.service.remoteserviceadmin.RemoteConstants;

import dev.keel.api.security.CallerAwareService;
import dev.keel.api.security.CallerContext;

/**
 * Keel's distribution provider for Aries Remote Service Admin (configuration type {@value #CONFIG_TYPE}): each
 * export is a {@link TlsServer} on the node's host only, mutually authenticated with TLS 1.3 by certificates of
 * the cluster's CA ({@link NodeTls}); each import a proxy whose calls go over pooled connections
 * ({@link TlsClient}). Each call carries its caller ({@link CallerContext} on the calling node), and the serving
 * node's export runs as that caller. It replaces Aries' TCP provider, which listens on every interface and
 * authenticates nobody.
 */
@RSADistributionProvider(configs = TlsProvider.CONFIG_TYPE)
@Component(service = DistributionProvider.class, configurationPid = TlsProvider.PID, property = {
        RemoteConstants.REMOTE_CONFIGS_SUPPORTED + "=" + TlsProvider.CONFIG_TYPE,
        RemoteConstants.REMOTE_INTENTS_SUPPORTED + "=osgi.basic",
        RemoteConstants.REMOTE_INTENTS_SUPPORTED + "=osgi.confidential"})
@Designate(ocd = TlsProvider.Config.class)
public final class TlsProvider implements DistributionProvider {

    /** Configuration PID: {@code etc/keel.cluster.tls.cfg}. */
    public static final String PID = "keel.cluster.tls";
    /** The configuration type of the endpoints this provider exports and imports: {@value}. */
    public static final String CONFIG_TYPE = "keel.tls";
    /** Export property: the address to listen on and announce (required). */
    public static final String HOST = "keel.tls.host";
    /** Export property: the port to listen on (default 0: a free one per export). */
    public static final String PORT = "keel.tls.port";
    static final String TIMEOUT = "osgi.basic.timeout";
    static final List<String> INTENTS = List.of("osgi.basic", "osgi.confidential");

    /** Configuration of the cluster's TLS. */
    @ObjectClassDefinition(name = "Keel cluster TLS", description = "Remote calls between nodes over mutually "
            + "authenticated TLS 1.3; see docs/cluster.md.")
    public @interface Config {
        @AttributeDefinition(name = "Key folder", description = "The folder bin/keel-cluster-keys wrote this "
                + "node's node.p12, trust.p12 and password into; relative to the Keel home.")
        String dir() default "etc/cluster-tls";

        @AttributeDefinition(name = "Largest message (bytes)", min = "1024", description = "A request or answer "
                + "announced as longer ends its connection.")
        int max_frame_bytes() default 8 << 20;

        @AttributeDefinition(name = "Connections per export", min = "1", description = "Open connections an "
                + "export accepts at once; more are closed at once.")
        int max_connections() default 256;

        @AttributeDefinition(name = "Handshake timeout (ms)", min = "100", description = "A peer that has not "
                + "completed its TLS handshake by then is disconnected.")
        int handshake_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Idle timeout (ms)", min = "1000", description = "A connection without a "
                + "request for this long is closed by the serving node (callers reuse theirs for 20 s at most).")
        int idle_timeout_ms() default 60_000;
    }

    private final Logger log;
    private final Config config;
    private final Path dir;
    private final NodeTls tls;
    private final String problem;
    private final Supplier<Wire.Identity> identity;
    private final Set<Connections> pools = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keel-tls-sweeper");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public TlsProvider(BundleContext context, Config config, @Reference CallerContext callers,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.identity = () -> Identities.of(callers.current());
        this.config = config;
        String home = context.getProperty("keel.home");
        Path base = Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
        this.dir = base.resolve(config.dir());
        NodeTls loaded = null;
        String failed = null;
        try {
            loaded = NodeTls.load(dir);
            log.info("cluster TLS: node certificate {} from {}", loaded.subject(), dir);
        } catch (IOException | GeneralSecurityException e) {
            failed = "no usable cluster TLS keys in " + dir + " (" + e + "); create them with bin/keel-cluster-keys";
            log.error("cluster TLS: {}; this node exports and imports nothing", failed);
        }
        this.tls = loaded;
        this.problem = failed;
        sweeper.scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        synchronized (pools) {
            pools.forEach(Connections::close);
            pools.clear();
        }
    }

    @Override
    public String[] getSupportedTypes() {
        return new String[] {CONFIG_TYPE};
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Endpoint exportService(Object service, BundleContext serviceContext, Map<String, Object> properties,
            Class[] interfaces) {
        List<String> intents = new java.util.ArrayList<>();
        intents.addAll(list(properties.get(RemoteConstants.SERVICE_EXPORTED_INTENTS)));
        intents.addAll(list(properties.get(RemoteConstants.SERVICE_EXPORTED_INTENTS_EXTRA)));
        intents.removeAll(INTENTS);
        if (!intents.isEmpty()) {
            log.warn("cluster TLS: not exporting {}: unsupported intents {}", names(interfaces), intents);
            return null;
        }
        NodeTls t = usable();
        Object host = properties.get(HOST);
        if (host == null || String.valueOf(host).isBlank()) {
            throw new IllegalArgumentException("an export needs " + HOST);
        }
        int port = properties.get(PORT) == null ? 0 : Integer.parseInt(String.valueOf(properties.get(PORT)));
        TlsServer.Limits limits = new TlsServer.Limits(config.max_frame_bytes(), config.max_connections(),
                config.handshake_timeout_ms(), config.idle_timeout_ms());
        TlsServer server;
        try {
            server = new TlsServer(t, String.valueOf(host), port, interfaces, invoker(service), limits, log::warn);
        } catch (IOException e) {
            throw new IllegalStateException("cluster TLS: cannot listen on " + host + ":" + port + ": " + e, e);
        }
        String id = "tls://" + uriHost(String.valueOf(host)) + ":" + server.port();
        properties.put(RemoteConstants.SERVICE_IMPORTED_CONFIGS, getSupportedTypes());
        properties.put(RemoteConstants.ENDPOINT_ID, id);
        properties.put(RemoteConstants.SERVICE_EXPORTED_CONFIGS, "");
        properties.put(RemoteConstants.SERVICE_INTENTS, INTENTS);
        EndpointDescription description = new EndpointDescription(properties);
        log.info("cluster TLS: exporting {} at {}", names(interfaces), id);
        return new TlsEndpoint(description, server);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object importEndpoint(ClassLoader loader, BundleContext consumerContext, Class[] interfaces,
            EndpointDescription endpoint) throws IntentUnsatisfiedException {
        NodeTls t = usable();
        URI address = URI.create(endpoint.getId());
        if (!"tls".equals(address.getScheme()) || address.getHost() == null || address.getPort() < 0) {
            throw new IllegalArgumentException("not a keel.tls endpoint: " + endpoint.getId());
        }
        Object timeout = endpoint.getProperties().get(TIMEOUT);
        int readTimeout = timeout == null ? 30_000 : Integer.parseInt(String.valueOf(timeout));
        String host = address.getHost().startsWith("[") ? address.getHost().substring(1, address.getHost().length() - 1)
                : address.getHost();
        Connections pool = new Connections(t, host, address.getPort(), readTimeout);
        pools.add(pool);
        return Proxy.newProxyInstance(loader, interfaces,
                new TlsClient(pool, loader, identity, config.max_frame_bytes(), endpoint.getId()));
    }

    /**
     * Calls the exported service as the caller the request carried: the kernel's export proxies take the caller
     * ({@link CallerAwareService}); any other service is called without one.
     */
    static TlsServer.Invoker invoker(Object service) {
        if (Proxy.isProxyClass(service.getClass())
                && Proxy.getInvocationHandler(service) instanceof CallerAwareService target) {
            return (method, args, who) -> target.invokeAs(Identities.caller(who), method, args);
        }
        return (method, args, who) -> method.invoke(service, args);
    }

    private NodeTls usable() {
        if (tls == null) {
            throw new IllegalStateException(problem);
        }
        return tls;
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        Connections[] all;
        synchronized (pools) {
            all = pools.toArray(new Connections[0]);
        }
        for (Connections c : all) {
            c.sweep(now);
        }
    }

    private static String names(Class<?>[] interfaces) {
        return String.join(",", java.util.Arrays.stream(interfaces).map(Class::getName).toList());
    }

    private static List<String> list(Object value) {
        List<String> l = StringPlus.normalize(value);
        return l == null ? List.of() : l;
    }

    private static String uriHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
