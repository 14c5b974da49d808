package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddedH2Recovery} on a real crashed file: {@code h2-crashed.mv.db.gz} is the kernel's embedded
 * database as a {@code kill -9} of {@link H2CrashWriter} left it (a loop of kills, load average 44), and
 * {@code h2-crashed-last-acks.txt} the last 40 transactions acknowledged before the kill. H2 opening it by
 * itself starts from a store header that names the chunk before the one that broke the chain of predicted
 * chunk positions, and loses the last 15 of them; after the kernel's full scan every one is there.
 */
class EmbeddedH2RecoveryTest {

    @Test
    void aFullScanFindsTheCommitsH2sQuickRecoveryLoses(@TempDir Path home) throws Exception {
        Path db = home.resolve("data/db");
        Files.createDirectories(db);
        Path file = db.resolve("keel.mv.db");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("h2-crashed.mv.db.gz"))) {
            Files.copy(in, file);
        }
        List<String> acks = new String(getClass().getResourceAsStream("h2-crashed-last-acks.txt").readAllBytes(),
                StandardCharsets.US_ASCII).lines().toList();
        Path copy = home.resolve("copy/data/db");
        Files.createDirectories(copy);
        Files.copy(file, copy.resolve("keel.mv.db"));
        System.out.printf("H2 opening the crashed file itself: %d of the last %d acknowledged transactions there%n",
                present(StoragePool.embeddedUrl(home.resolve("copy")), acks).size(), acks.size());

        assertFalse(EmbeddedH2Recovery.closedCleanly(file));
        List<String> messages = new ArrayList<>();
        assertTrue(EmbeddedH2Recovery.recover(file, org.h2.Driver.class.getClassLoader(), messages::add), messages.toString());
        assertTrue(EmbeddedH2Recovery.closedCleanly(file), "the scan closes the store cleanly");
        assertEquals(acks, present(StoragePool.embeddedUrl(home), acks), "acknowledged, missing after the recovery");
        assertFalse(EmbeddedH2Recovery.recover(file, org.h2.Driver.class.getClassLoader(), messages::add),
                "a file closed cleanly is not scanned again");
    }

    @Test
    void noFileNoScan(@TempDir Path home) {
        assertFalse(EmbeddedH2Recovery.recover(home.resolve("keel.mv.db"), getClass().getClassLoader(), m -> { }));
    }

    /** The acknowledgements (as {@link EmbeddedH2CrashTest} writes them) whose rows the database has. */
    static List<String> present(String url, List<String> acks) throws SQLException {
        List<String> there = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String ack : acks) {
                String[] a = ack.split(" ");
                String sql = switch (a[0]) {
                    case "user" -> "SELECT 1 FROM crash_users u JOIN crash_credentials k ON k.user_id = u.id WHERE u.id = ?";
                    case "order" -> "SELECT 1 FROM crash_orders o JOIN crash_items i ON i.order_id = o.id WHERE o.id = ?";
                    case "account" -> "SELECT 1 FROM crash_accounts WHERE id = ?";
                    default -> "SELECT 1 FROM crash_users WHERE id = ? AND order_count >= 1";
                };
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, a[1]);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            there.add(ack);
                        }
                    }
                }
            }
        }
        return there;
    }
}
