package dev.keel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * Two incompatible majors of one API package side by side: payment API 2.0
 * (the distribution's {@code examples/}) exported beside 1.x, with a 2.0
 * provider and a 2.0 consumer. order, wired to {@code [1,2)}, keeps paying
 * through payment 1.x; the 2.0 consumer gets the 2.0 provider; each gets only
 * the kernel's governed proxy of its own major.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiVersionsIT extends KeelTest {

    private static final String PAYMENT_SERVICE = "dev.keel.api.payment.PaymentService";

    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), frameworkProperty("keel.it.examples")
                .value(KeelOptions.dist().resolve("examples").toAbsolutePath().toString()));
    }

    private Bundle install(String jar) throws Exception {
        Path path = Path.of(context.getProperty("keel.it.examples")).resolve(jar);
        Bundle b = context.installBundle(path.toUri().toString());
        b.start();
        return b;
    }

    @Test
    public void eachConsumerGetsTheProviderOfItsOwnMajor() throws Exception {
        awaitBusinessPlugins();
        Bundle api2 = install("payment-api-v2.jar");
        Bundle provider2 = install("payment-v2-provider.jar");
        Bundle consumer2 = install("payment-v2-consumer.jar");
        assertEquals(Version.parseVersion("2.0.0"), api2.adapt(org.osgi.framework.wiring.BundleRevision.class)
                .getDeclaredCapabilities("osgi.wiring.package").stream()
                .filter(c -> PAYMENT_SERVICE.startsWith(String.valueOf(c.getAttributes().get("osgi.wiring.package"))))
                .map(c -> (Version) c.getAttributes().get("version")).findFirst().orElseThrow());

        // two governed proxies, one per major
        Await.until("a governed proxy per major", Duration.ofSeconds(30), () -> governed().length == 2);

        Bundle order = bundle("dev.keel.order-bundle");
        ServiceReference<?>[] seenByOrder = order.getBundleContext().getServiceReferences(PAYMENT_SERVICE, null);
        assertNotNull(seenByOrder);
        assertEquals("order sees only the proxy of 1.x", 1, seenByOrder.length);
        assertEquals(Boolean.TRUE, seenByOrder[0].getProperty("keel.governed"));
        assertTrue(seenByOrder[0].isAssignableTo(order, PAYMENT_SERVICE));

        Await.until("the 2.0 consumer is satisfied", Duration.ofSeconds(30), () -> consumer() != null);
        ServiceReference<?>[] seenByConsumer = consumer2.getBundleContext().getServiceReferences(PAYMENT_SERVICE,
                null);
        assertNotNull(seenByConsumer);
        assertEquals("the 2.0 consumer sees only the proxy of 2.0", 1, seenByConsumer.length);
        assertEquals(Boolean.TRUE, seenByConsumer[0].getProperty("keel.governed"));
        assertTrue(seenByConsumer[0].isAssignableTo(consumer2, PAYMENT_SERVICE));
        assertTrue("order's proxy is not assignable to the 2.0 consumer",
                !seenByOrder[0].isAssignableTo(consumer2, PAYMENT_SERVICE));
        assertTrue("the 2.0 proxy is not assignable to order", !seenByConsumer[0].isAssignableTo(order,
                PAYMENT_SERVICE));

        // the 2.0 consumer pays through the kernel's proxy, served by the 2.0 provider
        String receipt = consumer().apply("order-v2-1");
        assertTrue(receipt, receipt.startsWith("dev.keel.payment-v2-provider/2.0.0."));
        assertTrue(receipt, receipt.contains(" 1000 10 "));
        assertTrue("a proxy class: " + receipt, receipt.contains("$Proxy"));

        // order keeps paying through payment 1.x while the 2.0 provider is ACTIVE
        assertEquals(Bundle.ACTIVE, provider2.getState());
        Api api = api();
        Api.Reply user = api.post("/api/user/users", Map.of("name", "Two", "email", "two-" + UUID.randomUUID()
                + "@example.com", "password", Customers.PASSWORD));
        assertEquals(user.toString(), 201, user.status());
        for (int i = 0; i < 5; i++) {
            Api.Reply placed = api.post("/api/order/orders", Map.of("userId", user.json().get("id").asText(),
                    "currency", "EUR", "items", List.of(Map.of("sku", "V-1", "quantity", 1, "unitPrice", 1000))));
            assertEquals(placed.toString(), 201, placed.status());
            assertEquals("PAID", placed.json().get("status").asText());
            Api.Reply payment = api.get("/api/payment/payments/" + placed.json().get("paymentId").asText());
            assertEquals(payment.toString(), 200, payment.status());
            assertTrue(payment.header("X-Payment-Version"), payment.header("X-Payment-Version").startsWith("1.0.0."));
        }

        // both majors' calls are governed and measured
        String metrics = Shell.run(context, "keel:metrics");
        assertTrue(metrics, metrics.matches("(?s).*dev\\.keel\\.payment-v2-provider +2\\.0\\.0\\.\\d+ +PaymentService +pay +1 .*"));
        assertTrue(metrics, metrics.matches("(?s).*payment +1\\.0\\.0\\.\\d+ +PaymentService +charge +5 .*"));
    }

    private ServiceReference<?>[] governed() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(PAYMENT_SERVICE, "(keel.governed=true)");
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Function<String, String> consumer() {
        try {
            Collection<ServiceReference<Function>> refs = context.getServiceReferences(Function.class,
                    "(keel.example=payment-v2-consumer)");
            return refs.isEmpty() ? null : context.getService(refs.iterator().next());
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
