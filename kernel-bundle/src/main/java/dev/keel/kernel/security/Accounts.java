package dev.keel.kernel.security;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keel's operators: the one users file {@code etc/keel.users} for HTTP and SSH
 * (read on every call, so edits apply at once). Each line is
 * {@code USER ROLES CREDENTIAL}: {@code ROLES} a comma-separated list
 * ({@code admin,operator,viewer,tester,metrics}); {@code CREDENTIAL} a password
 * hash (as {@link dev.keel.api.security.Passwords#hash} makes it, e.g. printed by
 * {@code bin/keel passwd}) or a public key in OpenSSH form. A user may have several
 * lines (a password and keys); a key on lines of two users belongs to neither.
 */
public interface Accounts {

    /**
     * One operator.
     *
     * @param name the user name
     * @param roles the roles granted in the file (not yet implied)
     * @param passwordHash the password hash, if the user has a password
     * @param keys the user's public keys
     */
    record Account(String name, Set<String> roles, Optional<String> passwordHash, List<PublicKey> keys) {
        /** Makes the components immutable. */
        public Account {
            roles = Set.copyOf(roles);
            keys = List.copyOf(keys);
        }
    }

    /**
     * An operator by name.
     *
     * @param name the user name as given
     * @return the account, or empty when there is none
     */
    Optional<Account> find(String name);

    /**
     * The operator a public key belongs to.
     *
     * @param key the key offered
     * @return the one account holding it, or empty when none or more than one does
     */
    Optional<Account> ownerOf(PublicKey key);
}
