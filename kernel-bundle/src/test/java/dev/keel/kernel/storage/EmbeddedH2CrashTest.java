package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every transaction H2 acknowledged survives {@code kill -9} on the kernel's
 * embedded URL ({@link StoragePool#embeddedUrl}: {@code WRITE_DELAY=0} over
 * the {@code async:} file system): {@link H2CrashWriter} runs as a process of
 * its own with writer threads doing auto-commit statements and multi-statement
 * transactions, with the kernel's compaction running beside them; after a
 * random number of acknowledgements it gets SIGKILL; the database is opened
 * again and every acknowledged transaction must be there, whole. Repeated on
 * one database, so each run also starts from a store recovered from a crash.
 *
 * <p>{@code -Dkeel.h2.crash.runs=N} runs longer (default 3);
 * {@code -Dkeel.h2.crash.reuse=} keeps H2's retention time (45 s, so no chunk space is reused in these short
 * runs: how this test missed the lost commits {@link EmbeddedH2Recovery} finds);
 * {@code -Dkeel.h2.crash.settings=} (H2's default write delay of 500 ms)
 * shows the test failing as the crash run did.
 */
class EmbeddedH2CrashTest {

    private static final int THREADS = 4;
    private static final long RUN_DEADLINE_MS = 120_000;

    private record Check(int checked, List<String> missing) {
    }

    @Test
    void everyAcknowledgedTransactionSurvivesKill9(@TempDir Path home) throws Exception {
        int runs = Integer.getInteger("keel.h2.crash.runs", 3);
        // RETENTION_TIME=0: H2 reuses the space of dead chunks at once, as the kernel's store does once they are
        // 5 s old; that is where H2's quick recovery lost the last commits (EmbeddedH2Recovery)
        String url = StoragePool.embeddedUrl(home)
                .replace(";WRITE_DELAY=0", System.getProperty("keel.h2.crash.settings", ";WRITE_DELAY=0"))
                .replace(";RETENTION_TIME=" + EmbeddedH2.RETENTION_MS,
                        System.getProperty("keel.h2.crash.reuse", ";RETENTION_TIME=0"));
        Path acks = home.resolve("acks.txt");
        Check check = new Check(0, List.of());
        for (int run = 1; run <= runs; run++) {
            int before = acknowledged(acks).size();
            int target = before + ThreadLocalRandom.current().nextInt(30, 200);
            crashAfter(url, acks, target, home.resolve("writer-" + run + ".log"));
            // as the kernel opens it: a full scan of a file not closed cleanly first
            EmbeddedH2Recovery.recover(home.resolve("data/db/keel.mv.db"), org.h2.Driver.class.getClassLoader(),
                    System.out::println);
            check = check(url, acknowledged(acks));
            System.out.printf("H2 kill -9 run %d of %d: %d acknowledged transactions checked, %d missing%n", run, runs,
                    check.checked(), check.missing().size());
            assertEquals(List.of(), check.missing().subList(0, Math.min(10, check.missing().size())),
                    "run " + run + ": " + check.missing().size() + " of " + check.checked()
                            + " acknowledged transactions missing after kill -9 on " + url);
        }
        assertTrue(check.checked() >= runs * 30, "too few transactions acknowledged: " + check.checked());
    }

    /** Starts the writer, waits for {@code target} acknowledgements in all, then SIGKILL. */
    private static void crashAfter(String url, Path acks, int target, Path log) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", classPath(), H2CrashWriter.class.getName(), url, acks.toString(),
                String.valueOf(THREADS)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + RUN_DEADLINE_MS;
            while (acknowledged(acks).size() < target) {
                if (!writer.isAlive()) {
                    throw new AssertionError("the writer ended by itself (exit " + writer.exitValue() + "): "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError(target + " acknowledgements not reached within " + RUN_DEADLINE_MS
                            + " ms: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                writer.waitFor(5, TimeUnit.MILLISECONDS);
            }
        } finally {
            writer.destroyForcibly(); // SIGKILL on Linux, mid-stream
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the writer did not die");
        }
    }

    /** Every complete line of the acknowledgement file (a line cut by the kill was not acknowledged). */
    private static List<String> acknowledged(Path acks) throws IOException {
        if (!Files.exists(acks)) {
            return List.of();
        }
        String text = Files.readString(acks, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    /** Opens the crashed database (H2 recovers it) and looks up every acknowledged transaction. */
    private static Check check(String url, List<String> acks) throws SQLException {
        Set<String> users = new HashSet<>();
        Set<String> orders = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        Map<String, Long> counted = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            collect(s, "SELECT u.id FROM crash_users u JOIN crash_credentials k ON k.user_id = u.id", users);
            collect(s, "SELECT o.id FROM crash_orders o JOIN crash_items i ON i.order_id = o.id", orders);
            collect(s, "SELECT id FROM crash_accounts", accounts);
            try (ResultSet rs = s.executeQuery("SELECT id, order_count FROM crash_users")) {
                while (rs.next()) {
                    counted.put(rs.getString(1), rs.getLong(2));
                }
            }
        } // the last connection closes the database: the next writer may open it
        List<String> missing = new ArrayList<>();
        for (String ack : acks) {
            String[] a = ack.split(" ");
            boolean there = switch (a[0]) {
                case "user" -> users.contains(a[1]);
                case "order" -> orders.contains(a[1]);
                case "account" -> accounts.contains(a[1]);
                case "counted" -> counted.getOrDefault(a[1], 0L) >= 1;
                default -> throw new AssertionError("not an acknowledgement: " + ack);
            };
            if (!there) {
                missing.add(ack);
            }
        }
        return new Check(acks.size(), missing);
    }

    private static void collect(Statement s, String sql, Set<String> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /** H2, HikariCP, SLF4J, this test's classes and the kernel's: what the writer process needs. */
    private static String classPath() throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(org.h2.Driver.class, com.zaxxer.hikari.HikariDataSource.class,
                org.slf4j.LoggerFactory.class, H2CrashWriter.class, EmbeddedH2Compaction.class)) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        try {
            Class<?> simple = Class.forName("org.slf4j.simple.SimpleLogger");
            entries.add(Path.of(simple.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (ClassNotFoundException none) {
            // SLF4J falls back to no logging
        }
        return String.join(File.pathSeparator, entries);
    }
}
