package dev.keel.api.payment;

import java.util.NoSuchElementException;
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
     * twice, also when the calls run at the same time.
     *
     * @param idempotencyKey identifies this charge across retries, not blank
     * @param orderId the order paid for, not blank
     * @param amount the amount in minor units, greater than zero
     * @param currency the ISO 4217 currency code
     * @return the payment, {@link PaymentStatus#CAPTURED} or {@link PaymentStatus#DECLINED} (with a reason)
     * @throws IllegalArgumentException if an argument is invalid
     * @throws IdempotencyConflictException if the key was used for a different charge
     */
    Payment charge(String idempotencyKey, String orderId, long amount, String currency);

    /**
     * Looks a payment up.
     *
     * @param id the payment id
     * @return the payment, or empty
     */
    Optional<Payment> find(String id);

    /**
     * Gives back part or all of what a payment took. Refunds add up; their sum
     * never exceeds the amount charged.
     *
     * @param paymentId the payment
     * @param amount the amount to give back in minor units, greater than zero
     * @return the payment afterwards
     * @throws NoSuchElementException if there is no such payment
     * @throws IllegalArgumentException if the amount is not positive or more than is refundable
     */
    Payment refund(String paymentId, long amount);
}
