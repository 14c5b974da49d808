package dev.keel.user.internal;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.security.Passwords;

import dev.keel.api.user.User;
import dev.keel.api.user.UserService;

/**
 * Users: {@link UserService} for other plugins, and registration, passwords,
 * accounts and order statistics for the plugin's own servlets and event
 * handler, over {@link UserStore}. A storage failure is an {@link IllegalStateException}.
 */
@Component(service = {UserService.class, UserServiceImpl.class})
public final class UserServiceImpl implements UserService {

    private final UserStore store;
    private final Passwords passwords;
    private final Logger log;

    @Activate
    public UserServiceImpl(@Reference UserStore store, @Reference Passwords passwords,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.store = store;
        this.passwords = passwords;
        this.log = log;
    }

    @Override
    public Optional<User> find(String id) {
        return account(id).map(UserStore.Account::user);
    }

    /**
     * Registers a user with a password (hashed with the kernel's
     * {@link Passwords}); the e-mail is stored in lower case. An e-mail that is
     * already registered gets the same answer as a new one, after the same
     * work (the password is hashed either way), so that registration does not
     * tell whether an address is known: an account with a new id is returned,
     * nothing is stored and the existing account is left as it is.
     */
    UserStore.Account register(String name, String email, char[] password) {
        String hash = passwords.hash(password);
        try {
            return store.create(name, email, hash);
        } catch (UserStore.DuplicateEmail e) {
            log.info("a registration for the e-mail of user {} was answered like a new one; nothing was stored",
                    e.existingId());
            return new UserStore.Account(new User(UUID.randomUUID().toString(), name,
                    email.toLowerCase(Locale.ROOT)), 0, Map.of());
        } catch (SQLException e) {
            throw new IllegalStateException("storing the user failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an e-mail and password. An unknown e-mail (or a user without a
     * password) costs the same work as a known one: the password is checked
     * against no hash.
     *
     * @return the user's id when the password is theirs, else empty
     */
    Optional<String> authenticate(String email, char[] password) {
        Optional<UserStore.Credential> credential;
        try {
            credential = store.credential(email);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the credential failed: " + e.getMessage(), e);
        }
        String hash = credential.map(UserStore.Credential::passwordHash).orElse(null);
        boolean ok = passwords.verify(password, hash);
        return ok && hash != null ? credential.map(UserStore.Credential::userId) : Optional.empty();
    }

    /** A user with its order statistics, or empty. */
    Optional<UserStore.Account> account(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return store.find(id);
        } catch (SQLException e) {
            throw new IllegalStateException("user lookup failed: " + e.getMessage(), e);
        }
    }

    /** A page of users in the order they registered. */
    UserStore.Page list(int limit, int offset) {
        try {
            return store.list(limit, offset);
        } catch (SQLException e) {
            throw new IllegalStateException("reading users failed: " + e.getMessage(), e);
        }
    }

    /**
     * Counts an order event once (see {@link UserStore#count}).
     *
     * @return whether this delivery was counted (false: a repeat)
     */
    boolean countOrderEvent(String eventKey, String userId, long orders, String currency, long paid) {
        try {
            return store.count(eventKey, userId, orders, currency, paid);
        } catch (SQLException e) {
            throw new IllegalStateException("counting " + eventKey + " failed: " + e.getMessage(), e);
        }
    }
}
