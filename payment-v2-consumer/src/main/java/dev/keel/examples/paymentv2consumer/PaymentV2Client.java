package dev.keel.examples.paymentv2consumer;

import java.util.UUID;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.payment.Money;
import dev.keel.api.payment.PaymentRequest;
import dev.keel.api.payment.PaymentService;
import dev.keel.api.payment.Receipt;

/**
 * A consumer of payment 2.0: pays an order of 10.00 EUR and answers the
 * receipt as text; offered as a {@code Function} (property
 * {@code keel.example=payment-v2-consumer}) so a test can drive it.
 */
@Component(property = "keel.example=payment-v2-consumer")
public final class PaymentV2Client implements Function<String, String> {

    private final PaymentService payments;

    @Activate
    public PaymentV2Client(@Reference PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public String apply(String orderId) {
        Receipt r = payments.pay(new PaymentRequest(UUID.randomUUID().toString(), orderId, new Money(1000, "EUR")));
        return r.provider() + " " + r.paymentId() + " " + r.charged().minor() + " " + r.fee().minor() + " "
                + payments.getClass().getName();
    }
}
