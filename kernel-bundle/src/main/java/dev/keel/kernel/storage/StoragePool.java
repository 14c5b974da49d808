package dev.keel.kernel.storage;

import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.keel.kernel.governance.StorageCalls;
import dev.keel.kernel.util.OwnerOnly;

/**
 * Owns the kernel's connection pool: picks the {@code DataSourceFactory}
 * whose driver accepts the configured JDBC URL (embedded H2 under
 * {@code <keel.home>/data/db} by default), wraps it in a HikariCP pool and
 * registers that (behind a plain {@link PooledDataSource}) as a
 * {@code javax.sql.DataSource} service with
 * {@code keel.datasource=default}. A configuration change, or a driver
 * coming or going, builds a new pool, registers it, then retires the old one.
 */
@Component(service = StoragePool.class, immediate = true, configurationPid = StoragePool.PID)
@Designate(ocd = StoragePool.Config.class)
public final class StoragePool {

    /** Configuration PID: {@code etc/keel.storage.cfg}. */
    public static final String PID = "keel.storage";
    /** Service property that marks the kernel's DataSource. */
    public static final String SERVICE_PROPERTY = "keel.datasource";
    /** Its value. */
    public static final String NAME = "default";

    /** Configuration of the kernel's database and pool. */
    @ObjectClassDefinition(name = "Keel storage", description = "The kernel's DataSource: database URL and pool")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "Empty: embedded H2 in <keel.home>/data/db. "
                + "For PostgreSQL e.g. jdbc:postgresql://127.0.0.1:5432/keel")
        String url() default "";

        @AttributeDefinition(name = "User", description = "Database user; empty: sa for the embedded H2, "
                + "the driver's default otherwise")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "Database password; empty for the embedded H2")
        String password() default "";

        @AttributeDefinition(name = "Pool size", min = "1", description = "Most connections open at once")
        int pool_size() default 10;

        @AttributeDefinition(name = "Connection timeout (ms)", min = "250",
                description = "How long getConnection() waits for a free connection before it fails")
        long connection_timeout_ms() default 30_000;

        @AttributeDefinition(name = "Disk reserve (MiB)", min = "0", description = "The embedded H2 only: while"
                + " its disk has less than this free, writes are refused (507, storage full) and reads go on, so H2"
                + " never meets a full disk (it can lose its last commits there); 0 turns the reserve off")
        long disk_reserve_mb() default 64;
    }

    /** What a pool is built from; equal settings and factory mean the pool stays. */
    private record Settings(String url, String user, String password, int poolSize, long timeoutMs,
            Path reserveDir, long reserveBytes) {
        String safeUrl() {
            return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        }
    }

    private record Current(Settings settings, DataSourceFactory factory, HikariDataSource pool, DataSource face,
            ServiceRegistration<DataSource> registration, DatabaseFaults faults, EmbeddedH2Compaction compaction) {
    }

    private final BundleContext context;
    private final Logger log;
    private final Map<DataSourceFactory, Map<String, Object>> factories = new LinkedHashMap<>();
    private final AtomicInteger pools = new AtomicInteger();
    private Settings settings;
    private volatile Current current;
    private volatile DataSource available;
    private volatile String problem = "no pool yet";
    /** Whether the problem goes away by itself: waiting for the driver's bundle, not a failure. */
    private volatile boolean problemSettles = true;
    private boolean closed;
    private final StorageCalls calls;

    @Activate
    public StoragePool(Config config, BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference StorageCalls calls) {
        this.context = context;
        this.log = log;
        this.calls = calls;
        this.settings = settings(config);
        this.problem = "no JDBC driver (DataSourceFactory) accepts " + settings.safeUrl() + " yet";
    }

    /** The pool, while there is one. */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(available);
    }

    /** Why there is no pool or it cannot write (a full disk), or {@code null} when all is well. */
    public String problem() {
        Current c = current;
        return available == null ? problem : c == null ? null : c.faults().problem();
    }

    /** Whether {@link #problem()} is one that settles by itself (no driver yet at start-up), not a failure. */
    public boolean problemSettles() {
        return available == null && problemSettles; // a full disk does not settle by waiting
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addFactory(DataSourceFactory factory, Map<String, Object> properties) {
        factories.put(factory, properties);
        rebuild();
    }

    synchronized void removeFactory(DataSourceFactory factory) {
        factories.remove(factory);
        if (current != null && current.factory() == factory) {
            retire(current);
            current = null;
            available = null;
        }
        rebuild();
    }

    @Modified
    synchronized void modified(Config config) {
        settings = settings(config);
        rebuild();
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        if (current != null) {
            retire(current);
        }
        current = null;
        available = null;
    }

    private void rebuild() {
        if (closed || context.getBundle(0).getState() == Bundle.STOPPING) {
            return; // shutting down: drivers go away, nothing to rebuild or report
        }
        Settings s = settings;
        DataSourceFactory factory = pick(s.url());
        if (current != null && current.settings().equals(s) && current.factory() == factory) {
            return;
        }
        if (factory == null) {
            problem = "no JDBC driver (DataSourceFactory) accepts " + s.safeUrl() + (current == null ? " yet" : "");
            problemSettles = current == null;
            if (current != null) {
                log.warn("storage: {}; keeping the pool on {}", problem, current.settings().safeUrl());
            } else {
                log.info("storage: waiting for a JDBC driver that accepts {}", s.safeUrl());
            }
            return;
        }
        HikariDataSource pool;
        DatabaseFaults faults = new DatabaseFaults(s.safeUrl());
        try {
            pool = open(factory, s, faults);
        } catch (RuntimeException | SQLException e) {
            problem = "cannot connect to " + s.safeUrl() + ": " + Migrator.message(DatabaseFaults.asSql(e));
            problemSettles = false;
            log.error("storage: {}{}", problem, current == null ? "" : "; keeping the pool on " + current.settings().safeUrl());
            return;
        }
        Current old = current;
        DiskReserve reserve = DiskReserve.of(s.reserveDir(), s.reserveBytes(), faults::refusedForSpace,
                why -> log.warn("storage: no disk reserve: {}", why));
        DataSource face = new PooledDataSource(pool, pool.getPoolName(), calls, reserve);
        EmbeddedH2Compaction compaction = s.reserveDir() == null ? null // the embedded H2 only: it grows without it
                : new EmbeddedH2Compaction(pool, reserve, pool.getPoolName(), why -> log.warn("storage: {}", why)).start();
        available = face;
        current = new Current(s, factory, pool, face, context.registerService(DataSource.class, face,
                properties(s, factory)), faults, compaction);
        problem = null;
        log.info("storage: pool {} on {} (pool size {}, connection timeout {} ms)", pool.getPoolName(), s.safeUrl(),
                s.poolSize(), s.timeoutMs());
        if (old != null) {
            retire(old);
        }
    }

    private DataSourceFactory pick(String url) {
        for (DataSourceFactory f : factories.keySet()) {
            try {
                Driver driver = f.createDriver(null);
                if (driver.acceptsURL(url)) {
                    return f;
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("storage: driver {} cannot be asked: {}", factories.get(f), e.toString());
            }
        }
        return null;
    }

    private HikariDataSource open(DataSourceFactory factory, Settings s, DatabaseFaults faults) throws SQLException {
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, s.url());
        if (!s.user().isEmpty()) {
            props.setProperty(DataSourceFactory.JDBC_USER, s.user());
            props.setProperty(DataSourceFactory.JDBC_PASSWORD, s.password());
        }
        if (s.reserveDir() != null && current == null) { // the embedded H2, before anything has it open
            EmbeddedH2Recovery.recover(s.reserveDir().resolve("keel.mv.db"), factory.getClass().getClassLoader(),
                    m -> log.warn("storage: {}", m));
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(factory.createDataSource(props));
        config.setPoolName("keel-" + pools.incrementAndGet());
        config.setMaximumPoolSize(s.poolSize());
        config.setMinimumIdle(Math.min(2, s.poolSize()));
        config.setConnectionTimeout(s.timeoutMs());
        config.setInitializationFailTimeout(1); // connect once now: a wrong URL or password is reported at once
        config.setExceptionOverride(faults); // a full disk or a closed store: evicted, reopened, no restart
        return new HikariDataSource(config);
    }

    private static Dictionary<String, Object> properties(Settings s, DataSourceFactory factory) {
        return new Hashtable<>(Map.<String, Object>of(SERVICE_PROPERTY, NAME, "url", s.safeUrl(), "pool.size",
                s.poolSize(), "connection.timeout.ms", s.timeoutMs()));
    }

    private void retire(Current old) {
        try {
            old.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the kernel bundle is stopping
        }
        if (old.compaction() != null) {
            old.compaction().close(); // before the pool: a round that runs ends first
        }
        old.pool().close();
        log.info("storage: pool {} closed", old.pool().getPoolName());
    }

    private Settings settings(Config config) {
        String url = config.url() == null ? "" : config.url().strip();
        String user = config.user() == null ? "" : config.user().strip();
        String password = config.password() == null ? "" : config.password();
        if (url.isEmpty()) {
            url = embeddedUrl(home());
            OwnerOnly.tryDirectories(home().resolve("data/db")); // H2's files get the umask's modes: the folder hides them
            user = user.isEmpty() ? "sa" : user;
        } else if (!EmbeddedH2.durable(url)) {
            log.warn("{}: {} has no ;WRITE_DELAY=0: H2 then acknowledges commits up to 0.5 s before it writes them,"
                    + " and a crash loses them", PID, new Settings(url, "", "", 1, 1, null, 0).safeUrl());
        }
        // pool.size and connection.timeout.ms: their ranges are the Metatype definition's (the validator's)
        Path reserveDir = url.equals(embeddedUrl(home())) ? home().resolve("data/db") : null;
        return new Settings(url, user, password, config.pool_size(), config.connection_timeout_ms(), reserveDir,
                reserveDir == null ? 0 : config.disk_reserve_mb() << 20);
    }

    /** The embedded H2's URL: {@link EmbeddedH2#url}. */
    static String embeddedUrl(Path home) { return EmbeddedH2.url(home); }

    private Path home() {
        String home = context.getProperty("keel.home");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
    }
}
