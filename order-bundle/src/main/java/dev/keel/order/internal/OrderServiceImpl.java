package dev.keel.order.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.order.Order;
import dev.keel.api.order.OrderEvents;
import dev.keel.api.order.OrderItem;
import dev.keel.api.order.OrderService;
import dev.keel.api.order.OrderStatus;
import dev.keel.api.payment.Payment;
import dev.keel.api.payment.PaymentService;
import dev.keel.api.payment.PaymentStatus;
import dev.keel.api.user.UserService;

/**
 * Places orders: the user must exist (asked through {@link UserService}), the
 * order is recorded before it is charged (through {@link PaymentService}, the
 * order id as idempotency key), and the outcome is recorded and posted. A
 * placement under an idempotency key is recorded once per key: a retry with
 * the same request gets the same order (and finishes its payment if it was
 * not taken), another request under the key is refused.
 */
@Component(service = {OrderService.class, OrderServiceImpl.class})
public final class OrderServiceImpl implements OrderService {

    /**
     * An order as placed, the error that kept its payment from being taken (if
     * any), and whether this call recorded it (false: a retry under its key).
     */
    record Placement(Order order, RuntimeException paymentError, boolean created) {
    }

    /** The idempotency key was used for another request; nothing was placed or charged. */
    static final class KeyConflict extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        KeyConflict() {
            super("the idempotency key was already used for a different order (another user, currency or items);"
                    + " nothing was placed or charged");
        }
    }

    /** The user of an order does not exist. */
    static final class UnknownUser extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownUser(String userId) {
            super("no user with id " + userId);
        }
    }

    private final OrderStore store;
    private final UserService users;
    private final PaymentService payments;
    private final Outbox outbox;
    private final Logger log;

    @Activate
    public OrderServiceImpl(@Reference OrderStore store, @Reference UserService users,
            @Reference PaymentService payments, @Reference Outbox outbox,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.store = store;
        this.users = users;
        this.payments = payments;
        this.outbox = outbox;
        this.log = log;
    }

    @Override
    public Order place(String userId, String currency, List<OrderItem> items) {
        return placeOrder(userId, currency, items).order();
    }

    Placement placeOrder(String userId, String currency, List<OrderItem> items) {
        return placeOrder(null, userId, currency, items);
    }

    /** Places an order, once per {@code key} when there is one ({@code null}: none). */
    Placement placeOrder(String key, String userId, String currency, List<OrderItem> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
        if (key != null) {
            Optional<Order> first = byKey(key);
            if (first.isPresent()) {
                return retry(first.get(), userId, currency, items);
            }
        }
        if (!users.exists(userId)) {
            throw new UnknownUser(userId);
        }
        long total = 0;
        for (OrderItem item : items) {
            total = Math.addExact(total, item.lineTotal());
        }
        Order order = new Order(UUID.randomUUID().toString(), userId, items, total, currency, OrderStatus.PENDING,
                null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try {
            if (!store.insert(order, key)) {
                return retry(byKey(key).orElseThrow(), userId, currency, items);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording the order failed: " + e.getMessage(), e);
        }
        outbox.deliver(order.id(), OrderEvents.PLACED);
        return settle(order, true);
    }

    /**
     * A retry under the key of {@code first}: the same request gets the same
     * order; a payment not taken yet (still PENDING, or it could not be taken)
     * is charged again under the order id, so it is taken at most once.
     */
    private Placement retry(Order first, String userId, String currency, List<OrderItem> items) {
        if (!first.userId().equals(userId) || !first.currency().equals(currency) || !first.items().equals(items)) {
            throw new KeyConflict();
        }
        if (first.paymentId() == null) {
            return settle(first, false);
        }
        return new Placement(first, null, false);
    }

    /** Charges a recorded order and records the outcome, unless another call recorded one first. */
    private Placement settle(Order order, boolean created) {
        Order settled;
        RuntimeException paymentError = null;
        try {
            Payment p = payments.charge(order.id(), order.id(), order.total(), order.currency());
            settled = p.status() == PaymentStatus.DECLINED
                    ? with(order, OrderStatus.PAYMENT_FAILED, p.id(), "payment declined: " + p.reason())
                    : with(order, OrderStatus.PAID, p.id(), null);
        } catch (RuntimeException e) {
            paymentError = e;
            settled = with(order, OrderStatus.PAYMENT_FAILED, null, "payment could not be taken: " + e.getMessage());
            log.warn("order {}: payment could not be taken: {}", order.id(), e.toString());
        }
        try {
            String topic = settled.status() == OrderStatus.PAID ? OrderEvents.PAID : OrderEvents.PAYMENT_FAILED;
            if (store.settle(settled, topic)) {
                outbox.deliver(settled.id(), topic);
                return new Placement(settled, paymentError, created);
            }
            Order stored = store.find(order.id()).orElseThrow();
            return new Placement(stored, stored.paymentId() == null ? paymentError : null, created);
        } catch (SQLException e) {
            throw new IllegalStateException("recording the payment of order " + order.id() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private Optional<Order> byKey(String key) {
        try {
            return store.findByKey(key);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the order failed: " + e.getMessage(), e);
        }
    }

    private static Order with(Order o, OrderStatus status, String paymentId, String reason) {
        return new Order(o.id(), o.userId(), o.items(), o.total(), o.currency(), status, paymentId, reason,
                o.createdAt());
    }


    @Override
    public Optional<Order> find(String id) {
        try {
            return id == null ? Optional.empty() : store.find(id);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the order failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Order> findByUser(String userId) {
        try {
            return store.findByUser(userId);
        } catch (SQLException e) {
            throw new IllegalStateException("reading orders failed: " + e.getMessage(), e);
        }
    }
}
