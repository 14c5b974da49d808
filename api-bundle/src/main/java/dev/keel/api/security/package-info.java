/**
 * Who is calling, for plugins and the kernel's surfaces: the authenticated
 * {@link dev.keel.api.security.Caller} the kernel hands to every request
 * before any plugin code runs (request attribute {@link dev.keel.api.security.Caller#ATTRIBUTE}),
 * the {@link dev.keel.api.security.Roles} Keel knows, and the kernel's
 * security services a plugin may use: {@link dev.keel.api.security.TokenIssuer}
 * (a plugin that logs its own customers in), {@link dev.keel.api.security.Passwords}
 * (the kernel's password hashing), {@link dev.keel.api.security.LoginGuard}
 * (login rate limits and lockout), and {@link dev.keel.api.security.OperatorAccess} (operators admitted to a
 * surface outside the kernel's own, e.g. the Felix Web Console; since 1.1). Since 1.2 the caller also reaches
 * contract services: {@link dev.keel.api.security.CallerContext} answers who called the request or governed call
 * the current thread serves, on this node or, for a call from another node, on the node it came from
 * ({@link dev.keel.api.security.CallerAwareService} is how the cluster's transport hands it over). Route policies are declared beside
 * {@link dev.keel.api.http.KeelRoute}: {@link dev.keel.api.http.KeelRoute#PUBLIC}
 * and {@link dev.keel.api.http.KeelRoute#ROLES}.
 */
@Export
@Version("1.2.0")
package dev.keel.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
