package dev.keel.order.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.api.order.Order;
import dev.keel.api.security.Caller;
import dev.keel.support.web.Callers;
import dev.keel.support.web.JsonBody;
import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.JsonResponse;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/order/orders}: place orders (once per {@code Idempotency-Key}
 * when one is sent: 201 first, 200 the same order on a retry, 409 for another
 * request under the key) and read them as JSON. A customer places and reads
 * only their own orders (placing for another user: 403; reading another's
 * order: 404, as if there were none); a viewer reads all, an operator also
 * places orders for any user.
 */
@Component(service = Servlet.class, property = KeelRoute.CONSUMES + "=" + JsonBody.MEDIA_TYPE)
@KeelRoute(OrderServlet.ROUTE)
public final class OrderServlet extends HttpServlet {

    static final String ROUTE = "/orders";
    private static final long serialVersionUID = 1L;

    private final transient OrderServiceImpl orders;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public OrderServlet(@Reference OrderServiceImpl orders) {
        this.orders = orders;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        if (!below.isEmpty() && !below.equals("/")) {
            throw JsonResponse.notFound(req);
        }
        Caller caller = Callers.authenticated(req);
        String key = JsonRequest.idempotencyKey(req);
        Requests.PlaceOrder place = Requests.placeOrder(req, json);
        if (!Callers.mayChange(caller, place.userId())) {
            throw Callers.forbidden("a customer places orders only for themselves: userId must be the caller's own");
        }
        OrderServiceImpl.Placement placed;
        try {
            placed = orders.placeOrder(key, place.userId(), place.currency(), place.items());
        } catch (OrderServiceImpl.UnknownUser e) {
            throw new ProblemException(422, "Unknown user", e.getMessage(),
                    List.of(new FieldError("userId", "no such user")));
        } catch (OrderServiceImpl.KeyConflict e) {
            throw new ProblemException(409, "Conflict", e.getMessage(),
                    List.of(new FieldError(JsonRequest.IDEMPOTENCY_KEY, "already used for a different order")));
        }
        Order order = placed.order();
        if (placed.paymentError() != null) {
            throw new ProblemException(503, "Payment unavailable", "order " + order.id()
                    + " is recorded as PAYMENT_FAILED: " + placed.paymentError().getMessage());
        }
        if (placed.created()) {
            JsonResponse.created(req, resp, json, order.id(), view(order));
        } else {
            JsonResponse.write(resp, json, view(order));
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        Caller caller = Callers.authenticated(req);
        if (below.isEmpty() || below.equals("/")) {
            String userId = req.getParameter("userId");
            if (userId == null || userId.isBlank()) {
                throw JsonRequest.invalid(List.of(new FieldError("userId", "query parameter is required")));
            }
            if (!Callers.mayRead(caller, userId.trim())) {
                throw Callers.forbidden("a customer lists only their own orders: userId must be the caller's own");
            }
            JsonResponse.write(resp, json, Map.of("items", orders.findByUser(userId.trim()).stream()
                    .map(OrderServlet::view).toList()));
            return;
        }
        String id = below.substring(1);
        if (id.contains("/")) {
            throw JsonResponse.notFound(req);
        }
        // someone else's order is answered like one that does not exist: its id says nothing to a customer
        JsonResponse.write(resp, json, view(orders.find(id).filter(o -> Callers.mayRead(caller, o.userId()))
                .orElseThrow(() -> new ProblemException(404, "Not Found", "no order with id " + id))));
    }

    static Map<String, Object> view(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("userId", o.userId());
        m.put("status", o.status().name());
        m.put("total", o.total());
        m.put("currency", o.currency());
        m.put("paymentId", o.paymentId());
        if (o.reason() != null) {
            m.put("reason", o.reason());
        }
        m.put("items", o.items().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", i.sku());
            item.put("quantity", i.quantity());
            item.put("unitPrice", i.unitPrice());
            return item;
        }).toList());
        m.put("createdAt", o.createdAt().toString());
        return m;
    }
}
