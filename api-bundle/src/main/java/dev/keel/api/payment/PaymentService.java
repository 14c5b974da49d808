package dev.keel.api.payment;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Payments, as other plugins see them. Provided by the payment plugin.
 */
@ProviderType
public interface PaymentService {

    /**
     * Charges an amount for an order. Calling again with the same idempotency
     * key and the same arguments returns the same payment instead of charging
     * twice.
     *
     * @param idempotencyKey identifies this charge across retries
     * @param orderId the order paid for
     * @param amount the amount in minor units, greater than zero
     * @param currency the ISO 4217 currency code
     * @return the payment, {@link PaymentStatus#CAPTURED} or {@link PaymentStatus#DECLINED}
     */
    Payment charge(String idempotencyKey, String orderId, long amount, String currency);

    /**
     * Looks a payment up.
     *
     * @param id the payment id
     * @return the payment, or empty
     */
    Optional<Payment> find(String id);
}
