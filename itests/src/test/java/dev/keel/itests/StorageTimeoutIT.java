package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * Timeouts never break storage: requests of the plugin {@code slowsql} time
 * out (timeout.slowsql = 1 s) while their threads run a statement on the
 * embedded H2 that would take hours. The governance watchdog does not
 * interrupt a thread inside the driver (an interrupt there can close H2's
 * MVStore for every plugin); it cancels the statement, which ends with H2's
 * "statement cancelled" (57014) on a thread that was not interrupted, and
 * the request is answered 503 as a timeout. Afterwards the database serves
 * every plugin: the fixture's own writes, user's registrations and reads,
 * and the pool as the kernel registered it. {@link StorageTimeoutPostgresIT}
 * runs the same on PostgreSQL ({@code pg_sleep}, cancelled the same way).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageTimeoutIT extends KeelTest {

    @Inject
    @Filter("(keel.datasource=default)")
    private DataSource dataSource;

    @Configuration
    public Option[] config() throws IOException {
        return KeelOptions.keel(KeelOptions.freePort(), fixtures());
    }

    /** The fixture plugin {@code slowsql}, built here for {@link Fixtures}. */
    protected static Option fixtures() throws IOException {
        return Fixtures.option("slowsql", FixtureBundles.slowSql());
    }

    @Before
    public void ready() throws Exception {
        awaitBusinessPlugins();
        if (runtime.plugin("slowsql").isEmpty()) {
            Fixtures.install(context, "slowsql").start();
        }
        awaitActive(List.of("slowsql"));
        configure("keel.governance", Map.of("timeout.slowsql", 1000L));
    }

    @Test
    public void aTimeoutInsideSqlCancelsTheStatementAndStorageStaysHealthyForEveryPlugin() throws Exception {
        Api.Reply before = api().get("/api/slowsql/sql/note");
        assertEquals(before.toString(), 200, before.status());
        long notes = Long.parseLong(before.raw().body());

        // 6 timeouts inside SQL at once, while other requests write
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Reply>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                slow.add(pool.submit(() -> api().get("/api/slowsql/sql/slow")));
            }
            for (Future<Api.Reply> f : slow) {
                long t0 = System.nanoTime();
                Api.Reply r = f.get();
                System.out.printf("StorageTimeoutIT: slow statement answered %d after waiting %d ms more: %s%n",
                        r.status(), (System.nanoTime() - t0) / 1_000_000, r.raw().body());
                assertEquals(r.toString(), 503, r.status());
                assertTrue(r.toString(), r.raw().body().contains("did not answer within 1000 ms"));
            }
        } finally {
            pool.shutdownNow();
        }
        String last = api().get("/api/slowsql/sql/last").raw().body();
        System.out.println("StorageTimeoutIT: the last slow statement ended with: " + last);
        assertTrue("the statement was cancelled (57014), not broken by an interrupt: " + last,
                last.startsWith("57014 "));

        // six timeouts of eight calls: slowsql's breaker opens, as it should for a plugin that is too slow; an
        // operator closes it, and the same plugin, another plugin and the pool itself are all served
        String reset = Shell.run(context, "keel:breaker reset slowsql");
        assertTrue(reset, reset.contains("slowsql"));
        for (int i = 1; i <= 20; i++) {
            Api.Reply n = api().get("/api/slowsql/sql/note");
            assertEquals(n.toString(), 200, n.status());
            assertEquals(notes + i, Long.parseLong(n.raw().body()));
        }
        for (int i = 0; i < 20; i++) {
            Api.Reply u = api().post("/api/user/users", Map.of("name", "After", "email", "after-" + UUID.randomUUID()
                    + "@example.com", "password", Customers.PASSWORD));
            assertEquals(u.toString(), 201, u.status());
            Api.Reply g = api().get("/api/user/users/" + u.json().get("id").asText());
            assertEquals(g.toString(), 200, g.status());
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM slow_notes")) {
            rs.next();
            assertEquals(notes + 20, rs.getLong(1));
        }
        Await.until("ready", Duration.ofSeconds(30), () -> api().get("/health/ready").status() == 200,
                () -> api().get("/health/ready"));
    }
}
