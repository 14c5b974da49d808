package dev.keel.kernel.governance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GovernedContractsTest {

    @Test
    void businessPackagesAreContracts() {
        assertTrue(GovernedContracts.isContract("dev.keel.api.payment.PaymentService"));
        assertTrue(GovernedContracts.isContract("dev.keel.api.order.OrderService"));
        assertTrue(GovernedContracts.isContract("dev.keel.api.inventory.StockService"));
        assertTrue(GovernedContracts.isContract("dev.keel.api.payment.v2.PaymentService"));
    }

    @Test
    void kernelAndHttpPackagesAndOthersAreNot() {
        assertFalse(GovernedContracts.isContract("dev.keel.api.PluginRuntime"));
        assertFalse(GovernedContracts.isContract("dev.keel.api.Plugin"));
        assertFalse(GovernedContracts.isContract("dev.keel.api.http.KeelRoute"));
        assertFalse(GovernedContracts.isContract("dev.keel.api.http.sub.Thing"));
        assertFalse(GovernedContracts.isContract("dev.keel.api.security.Passwords"));
        assertFalse(GovernedContracts.isContract("dev.keel.api.security.LoginGuard"));
        assertFalse(GovernedContracts.isContract("dev.keel.apix.Foo"));
        assertFalse(GovernedContracts.isContract("jakarta.servlet.Servlet"));
        assertFalse(GovernedContracts.isContract(null));
    }

    @Test
    void aRegistrationIsGovernedWhenAnyOfItsClassesIsAContract() {
        assertTrue(GovernedContracts.hasContract(new String[] {"dev.keel.api.order.OrderService",
                "dev.keel.order.internal.OrderServiceImpl"}));
        assertFalse(GovernedContracts.hasContract(new String[] {"dev.keel.api.Plugin"}));
        assertFalse(GovernedContracts.hasContract(null));
    }

    @Test
    void onlyTheProviderTheKernelAndTheSystemBundleSeeTheOriginal() {
        long kernel = 12;
        long provider = 31;
        assertTrue(GovernedContracts.seesOriginal(provider, provider, kernel));
        assertTrue(GovernedContracts.seesOriginal(kernel, provider, kernel));
        assertTrue(GovernedContracts.seesOriginal(0, provider, kernel));
        assertFalse(GovernedContracts.seesOriginal(32, provider, kernel), "a consumer plugin");
        assertFalse(GovernedContracts.seesOriginal(5, provider, kernel), "any other bundle");
    }
}
