package dev.keel.api.payment;

import org.osgi.annotation.versioning.ProviderType;

/** Takes payments (contract 2.0). */
@ProviderType
public interface PaymentService {

    /**
     * Pays for an order once per idempotency key.
     *
     * @throws IllegalArgumentException when the request is invalid
     */
    Receipt pay(PaymentRequest request);
}
