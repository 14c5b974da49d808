package dev.keel.user.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.order.OrderEvents;

/**
 * Keeps each user's order count and paid totals from {@code keel/order/*}
 * events; a repeated delivery of the same event is not counted twice.
 */
@Component
@EventTopics({OrderEvents.PLACED, OrderEvents.PAID})
public final class OrderEventHandler implements EventHandler {

    private final UserServiceImpl users;
    private final Logger log;

    @Activate
    public OrderEventHandler(@Reference UserServiceImpl users,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.users = users;
        this.log = log;
    }

    @Override
    public void handleEvent(Event event) {
        String orderId = (String) event.getProperty(OrderEvents.ORDER_ID);
        String userId = (String) event.getProperty(OrderEvents.USER_ID);
        if (orderId == null || userId == null) {
            log.warn("ignoring {} without {} or {}", event.getTopic(), OrderEvents.ORDER_ID, OrderEvents.USER_ID);
            return;
        }
        boolean paid = OrderEvents.PAID.equals(event.getTopic());
        long total = event.getProperty(OrderEvents.TOTAL) instanceof Number n ? n.longValue() : 0;
        String currency = (String) event.getProperty(OrderEvents.CURRENCY);
        try {
            boolean counted = users.countOrderEvent(event.getTopic() + ":" + orderId, userId,
                    paid ? 0 : 1, currency, paid ? total : 0);
            if (!counted) {
                log.debug("{} for order {} delivered again: already counted", event.getTopic(), orderId);
            }
        } catch (IllegalStateException e) {
            log.error("could not count {} for order {}: {}", event.getTopic(), orderId, e.getMessage(), e);
        }
    }
}
