package dev.keel.api.order;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Orders, as other plugins see them. Provided by the order plugin.
 */
@ProviderType
public interface OrderService {

    /**
     * Looks an order up.
     *
     * @param id the order id
     * @return the order, or empty
     */
    Optional<Order> find(String id);
}
