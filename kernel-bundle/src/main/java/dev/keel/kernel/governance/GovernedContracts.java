package dev.keel.kernel.governance;

/**
 * The rules of interposition: which service interfaces are business contracts
 * the kernel governs, and which bundles may still see a provider's own
 * registration.
 */
final class GovernedContracts {

    /** Service property the kernel puts on its proxies. */
    static final String GOVERNED = "keel.governed";
    /** Service property naming the contract of a proxy. */
    static final String CONTRACT = "keel.contract";

    private static final String API = "dev.keel.api.";
    private static final String HTTP = "dev.keel.api.http";
    /** The kernel's security services (Passwords, LoginGuard, TokenIssuer): not business calls to govern. */
    private static final String SECURITY = "dev.keel.api.security";

    private GovernedContracts() {
    }

    /**
     * A business contract: an interface in a package {@code dev.keel.api.<x>}
     * (or below), but not the kernel's own {@code dev.keel.api},
     * {@code dev.keel.api.http} nor {@code dev.keel.api.security} (a retry or a
     * breaker around a login check would count one failed login twice, or
     * refuse every login after a few wrong passwords).
     */
    static boolean isContract(String interfaceName) {
        if (interfaceName == null || !interfaceName.startsWith(API)) {
            return false;
        }
        int lastDot = interfaceName.lastIndexOf('.');
        if (lastDot < API.length()) {
            return false; // a type of dev.keel.api itself
        }
        String pkg = interfaceName.substring(0, lastDot);
        return !pkg.equals(HTTP) && !pkg.startsWith(HTTP + ".") && !pkg.equals(SECURITY)
                && !pkg.startsWith(SECURITY + ".");
    }

    /** Whether any of a registration's object classes is a contract. */
    static boolean hasContract(String[] objectClasses) {
        if (objectClasses != null) {
            for (String c : objectClasses) {
                if (isContract(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a bundle may see a provider's own registration of a contract:
     * only the provider's bundle, the kernel and the system bundle do; every
     * other bundle sees the kernel's governed proxy instead.
     */
    static boolean seesOriginal(long viewer, long provider, long kernel) {
        return viewer == provider || viewer == kernel || viewer == 0;
    }
}
