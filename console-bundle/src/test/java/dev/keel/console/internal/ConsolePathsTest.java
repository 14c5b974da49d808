package dev.keel.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConsolePathsTest {

    @Test
    void theRootIsTheSinglePage() {
        assertEquals("index.html", ConsolePaths.file("/"));
        assertEquals("index.html", ConsolePaths.file("/index.html"));
    }

    @Test
    void assetsAreServedByTheirNames() {
        assertEquals("assets/index-DhI7JV2R.js", ConsolePaths.file("/assets/index-DhI7JV2R.js"));
        assertEquals("assets/style-BtZ-2voI.css", ConsolePaths.file("/assets/style-BtZ-2voI.css"));
    }

    @Test
    void nothingElseIsServed() {
        assertNull(ConsolePaths.file("/../dev/keel/console/internal/ConsoleServlet.class"));
        assertNull(ConsolePaths.file("/assets/../../META-INF/MANIFEST.MF"));
        assertNull(ConsolePaths.file("/META-INF/MANIFEST.MF"));
        assertNull(ConsolePaths.file("/assets/x.class"));
        assertNull(ConsolePaths.file("/assets/sub/x.js"));
        assertNull(ConsolePaths.file("/plugins"));
    }
}
