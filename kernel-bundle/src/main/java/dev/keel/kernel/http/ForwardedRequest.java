package dev.keel.kernel.http;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request as Keel's code sees it behind {@link TransportFilter}: its remote
 * address and scheme are the client's as the trusted proxies tell them
 * ({@link ForwardedHeaders}); the forwarding headers themselves are hidden
 * when they did not come from a trusted proxy, so no code reads what a client
 * wrote into them.
 */
final class ForwardedRequest extends HttpServletRequestWrapper {

    static final Set<String> HEADERS = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port", "x-real-ip");

    private final ForwardedHeaders.Client client;
    private final boolean hideHeaders;

    ForwardedRequest(HttpServletRequest request, ForwardedHeaders.Client client, boolean fromTrustedProxy) {
        super(request);
        this.client = client;
        this.hideHeaders = !fromTrustedProxy;
    }

    /** Whether the client used HTTPS: as a trusted proxy says, else whether this connection is TLS. */
    static boolean secure(HttpServletRequest request, ForwardedHeaders.Client client) {
        return client.secure() != null ? client.secure() : request.isSecure();
    }

    @Override
    public String getRemoteAddr() {
        return client.address();
    }

    @Override
    public String getRemoteHost() {
        return client.address();
    }

    @Override
    public boolean isSecure() {
        return secure((HttpServletRequest) getRequest(), client);
    }

    @Override
    public String getScheme() {
        return client.secure() == null ? super.getScheme() : client.secure() ? "https" : "http";
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        if (!hideHeaders) {
            return super.getHeaderNames();
        }
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(this::hidden);
        return Collections.enumeration(names);
    }

    private boolean hidden(String name) {
        return hideHeaders && name != null && HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
