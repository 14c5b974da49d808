package dev.keel.payment.internal;

import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.payment.IdempotencyConflictException;
import dev.keel.api.payment.Payment;
import dev.keel.api.payment.PaymentService;
import dev.keel.api.payment.PaymentStatus;
import dev.keel.api.security.CallerContext;
import dev.keel.support.web.JsonRequest;

/**
 * Charges and refunds. Declines and fees follow configuration
 * ({@code etc/keel.payment.cfg}), so a test or a user can drive declines
 * without code changes.
 */
@Component(service = {PaymentService.class, PaymentServiceImpl.class}, configurationPid = PaymentServiceImpl.PID)
@Designate(ocd = PaymentServiceImpl.Config.class)
public final class PaymentServiceImpl implements PaymentService {

    /** Configuration PID: {@code etc/keel.payment.cfg}. */
    public static final String PID = "keel.payment";

    /** The payment rules. */
    @ObjectClassDefinition(name = "Keel payment plugin")
    public @interface Config {
        @AttributeDefinition(name = "Decline above (minor units)", min = "0",
                description = "A charge of a larger amount is DECLINED (any currency).")
        long decline_above() default 1_000_000_00L;

        @AttributeDefinition(name = "Fee (basis points)", min = "0", max = "10000",
                description = "The fee kept on a captured charge, in hundredths of a percent (150 = 1.5%).")
        int fee_basis_points() default 150;
    }

    /** A charge and whether this call created it (false: an idempotent replay). */
    record Charge(Payment payment, boolean created) {
    }

    /** An amount whose fee cannot be computed in 64 bits; nothing was charged. */
    static final class AmountTooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        AmountTooLarge(long amount) {
            super("amount " + amount + " is too large to charge: its fee is beyond what can be stored");
        }
    }

    /**
     * Manifest header of the fee rule a build of this plugin carries: a fixed
     * fee in minor units added to the percentage fee of every captured charge
     * (payment 1.1 sets {@code 30}; absent means none, as in 1.0).
     */
    static final String FIXED_FEE_HEADER = "Keel-Payment-Fixed-Fee";

    private final PaymentStore store;
    private final long fixedFee;
    private final CallerContext callers;
    private final Logger log;
    private volatile Config config;

    @Activate
    public PaymentServiceImpl(@Reference PaymentStore store, Config config, BundleContext context,
            @Reference CallerContext callers, @Reference(service = LoggerFactory.class) Logger log) {
        this(store, config, fixedFee(context.getBundle().getHeaders().get(FIXED_FEE_HEADER)), callers, log);
    }

    PaymentServiceImpl(PaymentStore store, Config config, long fixedFee, CallerContext callers, Logger log) {
        this.store = store;
        this.config = config;
        this.fixedFee = fixedFee;
        this.callers = callers;
        this.log = log;
    }

    static long fixedFee(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        long fee = Long.parseLong(header.trim());
        if (fee < 0) {
            throw new IllegalArgumentException(FIXED_FEE_HEADER + " must be 0 or more, not " + header);
        }
        return fee;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Override
    public Payment charge(String idempotencyKey, String orderId, long amount, String currency) {
        return chargeOnce(idempotencyKey, orderId, amount, currency).payment();
    }

    /** Charges, or returns the payment the key already belongs to when the request is the same. */
    Charge chargeOnce(String key, String orderId, long amount, String currency) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("idempotency key must be 1 to 200 characters");
        }
        if (orderId == null || orderId.isBlank() || orderId.length() > 64) {
            throw new IllegalArgumentException("orderId must be 1 to 64 characters");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be greater than 0");
        }
        if (!JsonRequest.isCurrency(currency)) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, not " + currency);
        }
        Config rules = config;
        Payment payment = amount > rules.decline_above()
                ? new Payment(UUID.randomUUID().toString(), orderId, amount, currency, PaymentStatus.DECLINED, 0, 0,
                        "amount " + amount + " is over the limit of " + rules.decline_above())
                : new Payment(UUID.randomUUID().toString(), orderId, amount, currency, PaymentStatus.CAPTURED,
                        fee(amount, rules), 0, null);
        try {
            Optional<Payment> stored = store.insert(key, payment);
            if (stored.isPresent()) {
                // who asked: the caller of the request, also when the order plugin asks from another node
                log.info("payment {} {} for order {}, charged for {}", stored.get().id(), stored.get().status(),
                        oneLine(orderId), oneLine(callers.current().subject()));
                return new Charge(stored.get(), true);
            }
            Payment first = store.findByKey(key).orElseThrow();
            if (!first.orderId().equals(orderId) || first.amount() != amount || !first.currency().equals(currency)) {
                throw new IdempotencyConflictException(key, first.id());
            }
            return new Charge(first, false);
        } catch (SQLException e) {
            throw new IllegalStateException("storing the payment failed: " + e.getMessage(), e);
        }
    }

    /** A caller's text as one log line: line breaks and other control characters as spaces. */
    static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    /** The fee of a captured charge, never more than the amount. */
    private long fee(long amount, Config rules) {
        try {
            return Math.min(amount, Math.addExact(Money.fee(amount, rules.fee_basis_points()), fixedFee));
        } catch (ArithmeticException e) {
            throw new AmountTooLarge(amount);
        }
    }

    @Override
    public Optional<Payment> find(String id) {
        try {
            return id == null ? Optional.empty() : store.find(id);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the payment failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Payment refund(String paymentId, long amount) {
        Payment p = find(paymentId).orElseThrow(() -> new NoSuchElementException("no payment with id " + paymentId));
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be greater than 0");
        }
        if (amount > p.refundable()) {
            throw new IllegalArgumentException(p.status() == PaymentStatus.DECLINED
                    ? "a declined payment cannot be refunded"
                    : "amount " + amount + " is more than the " + p.refundable() + " left to refund");
        }
        try {
            if (!store.refund(paymentId, amount)) {
                Payment now = find(paymentId).orElse(p);
                throw new IllegalArgumentException(now.status() == PaymentStatus.DECLINED
                        ? "a declined payment cannot be refunded"
                        : "amount " + amount + " is more than the " + now.refundable() + " left to refund");
            }
            return find(paymentId).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the refund failed: " + e.getMessage(), e);
        }
    }
}
