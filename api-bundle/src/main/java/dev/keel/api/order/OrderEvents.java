package dev.keel.api.order;

/**
 * The EventAdmin topics the order plugin posts, and their properties. Events
 * may be delivered more than once; handlers must tell repeats apart by
 * {@link #ORDER_ID} and topic.
 */
public final class OrderEvents {

    /** An order was recorded (before its payment). */
    public static final String PLACED = "keel/order/PLACED";
    /** An order's payment was captured. */
    public static final String PAID = "keel/order/PAID";
    /** An order's payment was declined or could not be taken. */
    public static final String PAYMENT_FAILED = "keel/order/PAYMENT_FAILED";
    /** Every order topic, for an event handler's {@code event.topics}. */
    public static final String ALL = "keel/order/*";

    /** Property: the order id (String). */
    public static final String ORDER_ID = "order.id";
    /** Property: the user id (String). */
    public static final String USER_ID = "user.id";
    /** Property: the order total in minor units (Long). */
    public static final String TOTAL = "order.total";
    /** Property: the ISO 4217 currency code (String). */
    public static final String CURRENCY = "order.currency";
    /** Property: the order status name (String). */
    public static final String STATUS = "order.status";

    private OrderEvents() {
    }
}
