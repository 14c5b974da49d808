package dev.keel.examples.paymentv2;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.keel.api.payment.Money;
import dev.keel.api.payment.PaymentRequest;
import dev.keel.api.payment.PaymentService;
import dev.keel.api.payment.Receipt;

/** A small payment 2.0 provider: keeps receipts in memory, 1% fee. */
@Component
public final class PaymentServiceV2 implements PaymentService {

    private final Map<String, Receipt> byKey = new ConcurrentHashMap<>();
    private final String provider;

    @Activate
    public PaymentServiceV2(BundleContext context) {
        this.provider = context.getBundle().getSymbolicName() + "/" + context.getBundle().getVersion();
    }

    @Override
    public Receipt pay(PaymentRequest request) {
        if (request.amount().minor() <= 0) {
            throw new IllegalArgumentException("amount must be greater than 0");
        }
        return byKey.computeIfAbsent(request.idempotencyKey(), k -> new Receipt(UUID.randomUUID().toString(),
                request.amount(), new Money(request.amount().minor() / 100, request.amount().currency()), provider));
    }
}
