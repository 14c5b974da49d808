package dev.keel.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Rate limits and lockout for logins, per account and per address, shared by
 * every way in (HTTP logins of operators and customers, SSH). Call
 * {@link #before} first, then exactly one of {@link #failed} or
 * {@link #succeeded}.
 */
@ProviderType
public interface LoginGuard {

    /**
     * Takes one attempt from the account's and the address's allowance.
     *
     * @param account the account name as given (unknown ones are limited alike)
     * @param address the client's address
     * @throws LoginRefusedException when either is limited or locked out
     */
    void before(String account, String address);

    /**
     * Records a failed attempt: enough of them lock the account and the address out, with back-off.
     *
     * @param account the account name as given
     * @param address the client's address
     */
    void failed(String account, String address);

    /**
     * Records a successful attempt: clears the account's failures.
     *
     * @param account the account name
     * @param address the client's address
     */
    void succeeded(String account, String address);
}
