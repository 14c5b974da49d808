package dev.keel.payment.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.KeelRoute;
import dev.keel.api.http.ProblemException;
import dev.keel.api.order.Order;
import dev.keel.api.order.OrderService;
import dev.keel.api.payment.IdempotencyConflictException;
import dev.keel.api.payment.Payment;
import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import dev.keel.support.web.Callers;
import dev.keel.support.web.JsonBody;
import dev.keel.support.web.JsonRequest;
import dev.keel.support.web.JsonResponse;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/payment/payments}: charge (idempotent), refund and fetch payments
 * as JSON. A payment belongs to the user of the order it pays for (asked
 * through {@link OrderService}): a customer reads it and charges for their own
 * orders (charging for another's order, or for none: 403; reading another's
 * payment: 404, as if there were none); a viewer reads every payment; an
 * operator charges for any order and refunds.
 */
@Component(service = Servlet.class, property = KeelRoute.CONSUMES + "=" + JsonBody.MEDIA_TYPE)
@KeelRoute(PaymentServlet.ROUTE)
public final class PaymentServlet extends HttpServlet {

    static final String ROUTE = "/payments";
    static final String IDEMPOTENCY_KEY = JsonRequest.IDEMPOTENCY_KEY;
    private static final long serialVersionUID = 1L;

    /** Response header naming the plugin version that answered (side by side versions, canary releases). */
    static final String VERSION_HEADER = "X-Payment-Version";

    private final transient PaymentServiceImpl payments;
    /** Whose order a payment pays for; optional, so payments run without the order plugin (viewers still read). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient OrderService orders;
    private final transient ObjectMapper json = new ObjectMapper();
    private final String version;

    @Activate
    public PaymentServlet(@Reference PaymentServiceImpl payments, BundleContext context) {
        this.payments = payments;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader(VERSION_HEADER, version);
        super.service(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        if (below.isEmpty() || below.equals("/")) {
            charge(req, resp);
        } else if (below.endsWith("/refund") && below.indexOf('/', 1) == below.length() - "/refund".length()) {
            refund(below.substring(1, below.length() - "/refund".length()), req, resp);
        } else {
            throw JsonResponse.notFound(req);
        }
    }

    private void charge(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Callers.authenticated(req);
        String key = JsonRequest.idempotencyKey(req);
        JsonRequest body = JsonRequest.of(req, json);
        if (key == null) {
            body.reject(IDEMPOTENCY_KEY, "header is required: a unique key per charge, reused only to retry it");
        }
        String orderId = body.text("orderId", 64);
        long amount = body.amount("amount");
        String currency = body.currency("currency");
        body.check();
        if (!caller.hasRole(Roles.OPERATOR) && !Callers.isCustomer(caller, ownerOfOrder(orderId))) {
            throw Callers.forbidden("a customer charges only for their own orders: orderId must name one");
        }
        try {
            PaymentServiceImpl.Charge charge = payments.chargeOnce(key, orderId, amount, currency);
            if (charge.created()) {
                JsonResponse.created(req, resp, json, charge.payment().id(), view(charge.payment()));
            } else {
                JsonResponse.write(resp, json, view(charge.payment()));
            }
        } catch (IdempotencyConflictException e) {
            // the other charge's payment id is not this caller's to know
            throw new ProblemException(409, "Conflict", IDEMPOTENCY_KEY + " was already used for a different charge"
                    + " (another order, amount or currency); nothing was charged",
                    List.of(new FieldError(IDEMPOTENCY_KEY, "already used for a different charge")));
        } catch (PaymentServiceImpl.AmountTooLarge e) {
            throw new ProblemException(422, "Value out of range", e.getMessage(),
                    List.of(new FieldError("amount", e.getMessage())));
        }
    }

    private void refund(String id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Payment p = visible(Callers.authenticated(req), id);
        Callers.requireRole(Callers.of(req), Roles.OPERATOR, "a refund");
        JsonRequest body = JsonRequest.of(req, json);
        long amount = body.amountOr("amount", p.refundable());
        body.check();
        try {
            JsonResponse.write(resp, json, view(payments.refund(id, amount)));
        } catch (IllegalArgumentException e) { // more than is left, a declined payment, an amount too large
            throw new ProblemException(422, "Refund rejected", e.getMessage(),
                    List.of(new FieldError("amount", e.getMessage())));
        } catch (NoSuchElementException e) {
            throw new ProblemException(404, "Not Found", e.getMessage());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String below = JsonRequest.below(req, ROUTE);
        if (below.length() < 2 || below.indexOf('/', 1) > 0) {
            throw JsonResponse.notFound(req);
        }
        JsonResponse.write(resp, json, view(visible(Callers.authenticated(req), below.substring(1))));
    }

    /**
     * A payment the caller may read: a viewer any, a customer one for an order
     * of theirs. Anything else is answered like a payment that does not exist.
     */
    private Payment visible(Caller caller, String id) {
        return payments.find(id).filter(p -> caller.hasRole(Roles.VIEWER)
                || Callers.isCustomer(caller, ownerOfOrder(p.orderId())))
                .orElseThrow(() -> new ProblemException(404, "Not Found", "no payment with id " + id));
    }

    /** The user whose order this is; null when there is no such order. */
    private String ownerOfOrder(String orderId) {
        OrderService o = orders;
        if (o == null) {
            throw new ProblemException(503, "Service Unavailable", "whose payment this is cannot be checked while"
                    + " the order plugin is not running; try again later");
        }
        return o.find(orderId).map(Order::userId).orElse(null);
    }

    static Map<String, Object> view(Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("orderId", p.orderId());
        m.put("amount", p.amount());
        m.put("currency", p.currency());
        m.put("status", p.status().name());
        m.put("fee", p.fee());
        m.put("refunded", p.refunded());
        if (p.reason() != null) {
            m.put("reason", p.reason());
        }
        return m;
    }
}
