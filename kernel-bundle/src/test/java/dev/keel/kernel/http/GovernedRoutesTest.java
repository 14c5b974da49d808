package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.keel.api.http.ProblemException;

class GovernedRoutesTest {

    @Test
    void aBodyLargerThanAllowedIsTheCallersFault() {
        LimitedInputStream.TooLargeException big = new LimitedInputStream.TooLargeException(1024);
        ProblemException p = assertThrows(ProblemException.class, () -> GovernedRoutes.clientFault(big));
        assertEquals(413, p.status());
        assertSame(big, p.getCause());
    }

    @Test
    void aClientThatWentAwayIsTheCallersFault() {
        IOException gone = new IOException("write failed", new org.eclipse.jetty.io.EofException("reset"));
        ProblemException p = assertThrows(ProblemException.class, () -> GovernedRoutes.clientFault(gone));
        assertEquals(400, p.status());
    }

    @Test
    void anyOtherIoFailureIsThePluginsAndStaysAsItIs() throws Exception {
        IOException disk = new IOException("disk full");
        assertSame(disk, GovernedRoutes.clientFault(disk));
    }
}
