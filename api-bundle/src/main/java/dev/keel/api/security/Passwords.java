package dev.keel.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's password hashing (a standard slow KDF), the same for operators
 * and for a plugin's customers.
 */
@ProviderType
public interface Passwords {

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password; the caller may clear the array afterwards
     * @return a self-describing hash string (algorithm, cost, salt, hash) to store
     */
    String hash(char[] password);

    /**
     * Checks a password against a stored hash in constant time. With a
     * {@code null} hash (an unknown account) it does the same work and answers
     * false, so that known and unknown accounts take the same time.
     *
     * @param password the password given
     * @param hash the stored hash, or null
     * @return whether it matches
     */
    boolean verify(char[] password, String hash);
}
