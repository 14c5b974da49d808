package dev.keel.api.user;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Users, as other plugins see them. Provided by the user plugin.
 */
@ProviderType
public interface UserService {

    /**
     * Looks a user up.
     *
     * @param id the user id
     * @return the user, or empty when there is none with that id
     */
    Optional<User> find(String id);

    /**
     * Whether there is a user with that id: {@link #find} without the user, and an answer that crosses nodes of a
     * cluster ({@code Optional} is not {@code Serializable}, a {@code boolean} is).
     *
     * @param id the user id
     * @return true when {@link #find} would find one
     * @since 1.2
     */
    default boolean exists(String id) {
        return find(id).isPresent();
    }
}
