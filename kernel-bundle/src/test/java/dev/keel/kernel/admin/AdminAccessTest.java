package dev.keel.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminAccessTest {

    @Test
    void onlyLoopbackAddressesCountAsThisMachine() {
        assertTrue(AdminAccess.isLoopback("127.0.0.1"));
        assertTrue(AdminAccess.isLoopback("127.1.2.3"));
        assertTrue(AdminAccess.isLoopback("::1"));
        assertTrue(AdminAccess.isLoopback("[0:0:0:0:0:0:0:1]"));
        assertFalse(AdminAccess.isLoopback("10.0.0.7"));
        assertFalse(AdminAccess.isLoopback("192.168.1.20"));
        assertFalse(AdminAccess.isLoopback("fe80::1"));
        assertFalse(AdminAccess.isLoopback("localhost.example.com"));
        assertFalse(AdminAccess.isLoopback(""));
        assertFalse(AdminAccess.isLoopback(null));
    }
}
