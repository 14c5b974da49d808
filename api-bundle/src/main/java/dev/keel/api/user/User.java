package dev.keel.api.user;

import java.util.Objects;

/**
 * A registered user.
 *
 * @param id the user id
 * @param name the display name
 * @param email the unique e-mail address, stored in lower case
 */
public record User(String id, String name, String email) implements java.io.Serializable {

    /** Checks that no component is null. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
