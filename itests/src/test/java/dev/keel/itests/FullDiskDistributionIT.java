package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import dev.keel.itests.KeelProcess.Result;

/**
 * A full disk under {@code data/db}: the test mounts a small tmpfs there
 * (it must run as root, as .ci/run does in its container), fills most of it
 * with a ballast file and registers users until writes are refused: by the
 * shipped disk reserve of the embedded H2 (64 MiB), before H2 meets the full
 * disk itself.
 * Then writes are refused with 507 naming storage and a Retry-After, reads
 * keep working, user's breaker does not open, {@code /health/ready} says
 * why; once the ballast is gone Keel writes again by itself (no restart),
 * and every registration answered 201 is there, also after a restart.
 */
public class FullDiskDistributionIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** The shipped {@code disk.reserve.mb} of {@code keel.storage}. */
    private static final long RESERVE = 64L << 20;

    @Test
    public void aFullDiskRefusesWritesKeepsReadsAndRecoversWithoutARestart() throws Exception {
        if (!"0".equals(run("id", "-u").strip())) {
            fail("FullDiskDistributionIT mounts a tmpfs under data/db and needs root (id -u = 0)");
        }
        try (KeelProcess keel = KeelProcess.copyOfDistribution()) {
            Path db = Files.createDirectories(keel.home().resolve("data/db"));
            run("mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", db.toString());
            try {
                check(keel, db, RESERVE);
            } finally {
                keel.command("stop");
                run("umount", "-l", db.toString());
            }
        }
    }

    private void check(KeelProcess keel, Path db, long reserve) throws Exception {
        Result start = keel.command("start");
        assertEquals(start.toString(), 0, start.exit());
        Api api = keel.api(); // the test operator: registration is public, reading a user and readiness details not
        Path ballast = db.resolve("ballast");
        long free = Files.getFileStore(db).getUsableSpace();
        try (OutputStream out = Files.newOutputStream(ballast)) {
            byte[] mb = new byte[1 << 20];
            for (long left = free - reserve - (4L << 20); left > 0; left -= mb.length) {
                out.write(mb, 0, (int) Math.min(mb.length, left));
            }
        }
        System.out.printf("FullDiskDistributionIT: %d KiB free for the database, %d KiB of them its reserve%n",
                Files.getFileStore(db).getUsableSpace() / 1024, reserve / 1024);

        List<String> acknowledged = new ArrayList<>();
        Api.Reply refused = null;
        long until = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (refused == null && System.nanoTime() < until) {
            Api.Reply r = register(api);
            if (r.status() == 201) {
                acknowledged.add(r.json().get("id").asText());
            } else {
                refused = r;
            }
        }
        assertNotNull("the disk never filled: " + acknowledged.size() + " registrations", refused);
        System.out.printf("FullDiskDistributionIT: %d registrations answered 201, then %d: %s%n",
                acknowledged.size(), refused.status(), refused.raw().body());
        assertEquals(refused.toString(), 507, refused.status());
        assertTrue(refused.toString(), refused.raw().body().contains("Storage is full"));
        assertNotNull("Retry-After on " + refused, refused.header("Retry-After"));

        // more writes: still refused as storage full, never a 503 of an opened breaker; reads are served
        for (int i = 0; i < 15; i++) {
            Api.Reply r = register(api);
            assertTrue(r.toString(), r.status() == 507 || r.status() == 201);
            if (r.status() == 201) {
                acknowledged.add(r.json().get("id").asText());
            }
        }
        for (int i = Math.max(0, acknowledged.size() - 20); i < acknowledged.size(); i++) {
            Api.Reply g = api.get("/api/user/users/" + acknowledged.get(i));
            assertEquals("a read while the disk is full: " + g, 200, g.status());
        }
        register(api); // a fresh refusal, so readiness sees the full disk within its window
        Api.Reply ready = api.get("/health/ready");
        assertEquals(ready.toString(), 503, ready.status());
        assertTrue(ready.toString(), ready.raw().body().contains("disk is full"));

        Files.delete(ballast);
        long t0 = System.nanoTime();
        Await.until("a registration succeeds again without a restart", WAIT, () -> {
            Api.Reply r = register(api);
            if (r.status() == 201) {
                acknowledged.add(r.json().get("id").asText());
                return true;
            }
            return false;
        }, keel::log);
        System.out.printf("FullDiskDistributionIT: writing again %d ms after the space came back%n",
                (System.nanoTime() - t0) / 1_000_000);
        Await.until("ready again", WAIT, () -> api.get("/health/ready").status() == 200,
                () -> api.get("/health/ready"));
        assertAllThere(api, acknowledged);

        Result stop = keel.command("stop");
        assertEquals(stop.toString(), 0, stop.exit());
        Result again = keel.command("start");
        assertEquals(again.toString(), 0, again.exit());
        assertAllThere(keel.api(), acknowledged);
    }

    private static Api.Reply register(Api api) {
        return api.post("/api/user/users", Map.of("name", "Full", "email", "full-" + UUID.randomUUID()
                + "@example.com", "password", Customers.PASSWORD));
    }

    private static void assertAllThere(Api api, List<String> ids) {
        int missing = 0;
        for (String id : ids) {
            if (api.get("/api/user/users/" + id).status() != 200) {
                missing++;
            }
        }
        assertEquals("acknowledged registrations missing of " + ids.size(), 0, missing);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
