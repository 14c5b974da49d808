package dev.keel.api.order;

import java.util.Objects;

/**
 * One line of an order.
 *
 * @param sku the article's stock keeping unit
 * @param quantity how many, at least 1
 * @param unitPrice the price of one, in minor units of the order's currency
 */
public record OrderItem(String sku, int quantity, long unitPrice) implements java.io.Serializable {

    /** Checks the line. */
    public OrderItem {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (unitPrice < 0) {
            throw new IllegalArgumentException("unitPrice must not be negative");
        }
    }

    /** @return quantity times unit price, in minor units */
    public long lineTotal() {
        return Math.multiplyExact(unitPrice, (long) quantity);
    }
}
