package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TransportFilterTest {

    @Test
    void theHttpsPortIsReadFromTheServersEndpoints() {
        assertEquals(8443, TransportFilter.httpsPort(new String[] {"http://10.0.0.1:8080/", "https://10.0.0.1:8443/"}));
        assertEquals(443, TransportFilter.httpsPort(List.of("https://keel.example.com/")));
        assertEquals(0, TransportFilter.httpsPort("http://127.0.0.1:8080/"));
        assertEquals(0, TransportFilter.httpsPort(null));
    }

    @Test
    void listsFromACfgFileAreCommaSeparatedAndFromConfigAdminArrays() {
        assertEquals(List.of("127.0.0.1", "::1", "10.0.0.0/8"),
                TransportFilter.entries(new String[] {"127.0.0.1, ::1", "10.0.0.0/8", " "}));
        assertEquals(List.of(), TransportFilter.entries(new String[0]));
    }
}
