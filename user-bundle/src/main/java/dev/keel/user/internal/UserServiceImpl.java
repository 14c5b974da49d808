package dev.keel.user.internal;

import java.sql.SQLException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.user.User;
import dev.keel.api.user.UserService;

/**
 * Users: {@link UserService} for other plugins, and registration, accounts and
 * order statistics for the plugin's own servlet and event handler, over
 * {@link UserStore}. A storage failure is an {@link IllegalStateException}.
 */
@Component(service = {UserService.class, UserServiceImpl.class})
public final class UserServiceImpl implements UserService {

    private final UserStore store;

    @Activate
    public UserServiceImpl(@Reference UserStore store) {
        this.store = store;
    }

    @Override
    public Optional<User> find(String id) {
        return account(id).map(UserStore.Account::user);
    }

    /**
     * Registers a user; the e-mail is stored in lower case.
     *
     * @throws UserStore.DuplicateEmail if the e-mail is taken
     */
    UserStore.Account register(String name, String email) {
        try {
            return store.create(name, email);
        } catch (SQLException e) {
            throw new IllegalStateException("storing the user failed: " + e.getMessage(), e);
        }
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
