package dev.keel.kernel.security;

import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.security.IssuedToken;
import dev.keel.api.security.Roles;
import dev.keel.api.security.TokenIssuer;
import dev.keel.kernel.util.LogText;

/**
 * The {@link TokenIssuer} a plugin gets (one instance per using bundle): signs
 * tokens with {@link KernelTokens}, but grants no role other than
 * {@link Roles#CUSTOMER}, so a plugin cannot mint an operator.
 */
@Component(service = TokenIssuer.class, scope = ServiceScope.BUNDLE)
public final class BundleTokenIssuer implements TokenIssuer {

    /** The roles a plugin may grant. */
    static final Set<String> GRANTABLE = Set.of(Roles.CUSTOMER);

    private final KernelTokens tokens;
    private final Logger log;
    private final String bundle;

    @Activate
    public BundleTokenIssuer(@Reference KernelTokens tokens, @Reference LoggerFactory loggers,
            ComponentContext context) {
        this.tokens = tokens;
        this.log = loggers.getLogger(BundleTokenIssuer.class);
        Bundle user = context.getUsingBundle();
        this.bundle = user == null ? "?" : user.getSymbolicName() + " [" + user.getBundleId() + "]";
    }

    BundleTokenIssuer(KernelTokens tokens, Logger log, String bundle) {
        this.tokens = tokens;
        this.log = log;
        this.bundle = bundle;
    }

    @Override
    public IssuedToken issue(String subject, Set<String> roles) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a token needs a subject");
        }
        for (String role : roles) {
            if (!GRANTABLE.contains(role)) {
                log.warn("bundle {} asked for a token with role {}, which a plugin may not grant: refused", bundle,
                        LogText.escape(role));
                throw new IllegalArgumentException("a plugin may grant only the role " + Roles.CUSTOMER);
            }
        }
        return tokens.issue(subject, roles);
    }
}
