package dev.keel.api.order;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Orders, as other plugins see them. Provided by the order plugin.
 */
@ProviderType
public interface OrderService {

    /**
     * Places an order: checks that the user exists, records the order, charges
     * its total (the order id is the idempotency key) and records the outcome.
     * A declined or failed payment leaves the order {@link OrderStatus#PAYMENT_FAILED}
     * with a reason; it is never lost.
     *
     * @param userId an existing user
     * @param currency the ISO 4217 currency of every line
     * @param items at least one line
     * @return the order as stored
     * @throws IllegalArgumentException if the input is invalid or the user does not exist
     */
    Order place(String userId, String currency, List<OrderItem> items);

    /**
     * Looks an order up.
     *
     * @param id the order id
     * @return the order, or empty
     */
    Optional<Order> find(String id);

    /**
     * The orders of one user, newest first.
     *
     * @param userId the user
     * @return the orders, possibly empty
     */
    List<Order> findByUser(String userId);
}
