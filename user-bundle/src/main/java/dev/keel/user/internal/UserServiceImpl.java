package dev.keel.user.internal;

import java.sql.SQLException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.api.user.User;
import dev.keel.api.user.UserService;

/** {@link UserService} for other plugins, over the user plugin's tables. */
@Component
public final class UserServiceImpl implements UserService {

    private final UserStore store;

    @Activate
    public UserServiceImpl(@Reference UserStore store) {
        this.store = store;
    }

    @Override
    public Optional<User> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return store.find(id).map(UserStore.Account::user);
        } catch (SQLException e) {
            throw new IllegalStateException("user lookup failed: " + e.getMessage(), e);
        }
    }
}
