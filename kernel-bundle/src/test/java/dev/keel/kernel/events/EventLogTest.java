package dev.keel.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private EventLog log;

    @BeforeEach
    void database() throws Exception {
        String url = "jdbc:h2:mem:events-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        log = new EventLog(() -> DriverManager.getConnection(url, "sa", ""));
        log.create();
        log.create(); // a second node creating the tables finds them
    }

    @Test
    void anEventIsLoggedOnceAndReadInOrder() throws Exception {
        assertEquals(1, log.append("a", "keel/order/PLACED", "node-a", "orderId=s:o-1\n", 10));
        assertEquals(-1, log.append("a", "keel/order/PLACED", "node-a", "orderId=s:o-1\n", 11));
        assertEquals(2, log.append("b", "keel/order/PAID", "node-b", "orderId=s:o-1\n", 12));
        List<EventLog.Entry> all = log.after(0, 10);
        assertEquals(List.of("a", "b"), all.stream().map(EventLog.Entry::id).toList());
        assertEquals("node-b", all.get(1).origin());
        assertEquals(List.of("b"), log.after(1, 10).stream().map(EventLog.Entry::id).toList());
        assertEquals(1, log.after(0, 1).size());
    }

    @Test
    void eachNodeKeepsItsOwnCursorAndNeverMovesItBack() throws Exception {
        assertEquals(0, log.cursor("node-c", 1));
        log.advance("node-c", 5, 2);
        log.advance("node-c", 3, 3);
        assertEquals(5, log.cursor("node-c", 4));
        assertEquals(0, log.cursor("node-d", 4));
    }

    @Test
    void concurrentAppendsGetEveryNumberOnceWithoutGaps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    // every thread also appends the shared ids: each is logged once
                    seqs.add(log.append("t" + thread + "-" + i, "x", "n", "", 1));
                    seqs.add(log.append("shared-" + i, "x", "n", "", 1));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<Long> logged = seqs.stream().filter(s -> s > 0).sorted().toList();
        assertEquals(250, logged.size());
        for (int i = 0; i < logged.size(); i++) {
            assertEquals(i + 1, logged.get(i));
        }
        assertEquals(250, log.after(0, 1000).size());
    }

    @Test
    void pruningDeletesOnlyWhatIsOlder() throws Exception {
        log.append("old", "x", "n", "", 100);
        log.append("new", "x", "n", "", 200);
        assertEquals(1, log.prune(150));
        assertTrue(log.after(0, 10).stream().allMatch(e -> e.id().equals("new")));
    }
}
