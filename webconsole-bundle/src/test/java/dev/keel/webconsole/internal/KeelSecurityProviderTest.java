package dev.keel.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.osgi.service.servlet.context.ServletContextHelper;

import dev.keel.api.security.Caller;
import dev.keel.api.security.OperatorAccess;
import dev.keel.api.security.OperatorAccess.Admission;
import dev.keel.api.security.OperatorAccess.Outcome;
import dev.keel.api.security.Roles;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class KeelSecurityProviderTest {

    private static final Caller ADA = new Caller("ada", Roles.implied(Set.of(Roles.ADMIN)), Map.of(), "keel");
    private static final Caller VIC = new Caller("vic", Roles.implied(Set.of(Roles.VIEWER)), Map.of(), "keel");

    /** What the provider asked the kernel. */
    private final List<String> asked = new ArrayList<>();
    private Admission verdict;
    private final OperatorAccess access = (authorization, role, surface, address, method, path) -> {
        asked.add(authorization + "|" + role + "|" + surface + "|" + address + "|" + method + "|" + path);
        return verdict;
    };
    private final KeelSecurityProvider provider = new KeelSecurityProvider(access);

    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> answered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;

    private HttpServletRequest request(String method, Map<String, List<String>> headers) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> h.containsKey((String) a[0]) ? h.get((String) a[0]).get(0) : null;
                    case "getHeaders" -> Collections.enumeration(h.getOrDefault((String) a[0], List.of()));
                    case "getRemoteAddr" -> "10.0.0.7";
                    case "getRequestURI" -> "/system/console/bundles";
                    case "getContentLengthLong" -> -1L;
                    case "setAttribute" -> {
                        attributes.put((String) a[0], a[1]);
                        yield null;
                    }
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) a[0];
                        case "setHeader" -> answered.put((String) a[0], (String) a[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                            return null;
                        }
                    }
                    return null;
                });
    }

    private Object call(String method, Map<String, List<String>> headers) {
        return provider.authenticate(request(method, headers), response());
    }

    @Test
    void anAdminIsAdmittedAndThePagesCannotBeFramed() {
        verdict = new Admission(Outcome.ADMITTED, ADA, "", Duration.ZERO);
        Object user = call("GET", Map.of("Authorization", List.of("Basic YWRhOnMzY3JldA==")));
        assertSame(ADA, user);
        assertEquals(List.of("Basic YWRhOnMzY3JldA==|admin|webconsole|10.0.0.7|GET|/system/console/bundles"), asked);
        assertEquals("ada", attributes.get(ServletContextHelper.REMOTE_USER));
        assertEquals(HttpServletRequest.BASIC_AUTH, attributes.get(ServletContextHelper.AUTHENTICATION_TYPE));
        assertEquals("SAMEORIGIN", answered.get("X-Frame-Options"));
        assertTrue(provider.authorize(user, "any web console role"));
        assertFalse(provider.authorize(VIC, "any web console role"));
        assertFalse(provider.authorize("admin", "a user object of another provider"));
    }

    @Test
    void noLoginIsAChallengeTheBrowserAnswers() {
        verdict = new Admission(Outcome.UNAUTHENTICATED, Caller.ANONYMOUS, "log in", Duration.ZERO);
        assertNull(call("GET", Map.of()));
        assertEquals(401, status);
        assertEquals("Basic realm=\"Keel\", charset=\"UTF-8\"", answered.get("WWW-Authenticate"));
        assertEquals("log in\n", body.toString(StandardCharsets.UTF_8));
        assertEquals("null|admin|webconsole|10.0.0.7|GET|/system/console/bundles", asked.get(0));
    }

    @Test
    void aViewerIsForbiddenAndALockedOutLoginToldWhenToComeBack() {
        verdict = new Admission(Outcome.FORBIDDEN, VIC, "this needs the role admin", Duration.ZERO);
        assertNull(call("GET", Map.of("Authorization", List.of("Bearer t"))));
        assertEquals(403, status);
        assertFalse(answered.containsKey("WWW-Authenticate"));

        verdict = new Admission(Outcome.LIMITED, Caller.ANONYMOUS, "too many", Duration.ofMillis(2500));
        assertNull(call("GET", Map.of("Authorization", List.of("Basic eDp5"))));
        assertEquals(429, status);
        assertEquals("3", answered.get("Retry-After"));
    }

    @Test
    void aForeignPagesChangeIsRefusedBeforeAnyLogin() {
        verdict = new Admission(Outcome.ADMITTED, ADA, "", Duration.ZERO);
        assertNull(call("POST", Map.of("Host", List.of("127.0.0.1:8080"), "Origin", List.of("https://evil.example"),
                "Authorization", List.of("Basic YWRhOnMzY3JldA=="))));
        assertEquals(403, status);
        assertEquals(List.of(), asked, "the credentials are not even checked");

        assertSame(ADA, call("POST", Map.of("Host", List.of("127.0.0.1:8080"), "Origin",
                List.of("http://127.0.0.1:8080"), "Authorization", List.of("Basic YWRhOnMzY3JldA=="))));
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        verdict = new Admission(Outcome.ADMITTED, ADA, "", Duration.ZERO);
        assertNull(call("GET", Map.of("Authorization", List.of("Bearer a", "Basic YWRhOnMzY3JldA=="))));
        assertEquals(400, status);
        assertEquals(List.of(), asked);
    }
}
