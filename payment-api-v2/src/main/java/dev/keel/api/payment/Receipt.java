package dev.keel.api.payment;

/**
 * A payment taken (contract 2.0).
 *
 * @param paymentId the payment's id
 * @param charged what was charged
 * @param fee the fee kept
 * @param provider who took it (name and version of the providing bundle)
 */
public record Receipt(String paymentId, Money charged, Money fee, String provider) {
}
