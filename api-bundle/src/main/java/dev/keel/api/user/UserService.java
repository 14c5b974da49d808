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
}
