package dev.keel.user.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.ProblemException;
import dev.keel.api.security.Roles;

class SessionServletTest {

    private static final String URI = "/api/user/sessions";
    private static final String ADDRESS = "192.0.2.7";

    private final FakeSecurity.FakePasswords passwords = new FakeSecurity.FakePasswords();
    private final FakeSecurity.FakeGuard guard = new FakeSecurity.FakeGuard();
    private final FakeSecurity.FakeTokens tokens = new FakeSecurity.FakeTokens();
    private SessionServlet sessions;
    private String adaId;

    @BeforeEach
    void setUp() throws Exception {
        UserServiceImpl users = new UserServiceImpl(new UserStore(TestDb.migrated()), passwords,
                FakeSecurity.quietLog());
        adaId = users.register("Ada", "ada@example.com", "correct horse".toCharArray()).user().id();
        sessions = new SessionServlet(users, guard, tokens);
    }

    private Exchange login(String email, String password) throws Exception {
        Exchange x = new Exchange(URI, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", ADDRESS, null);
        sessions.doPost(x.request, x.response);
        return x;
    }

    @Test
    void theRightPasswordGetsACustomerTokenForTheUsersId() throws Exception {
        Exchange x = login("Ada@Example.com", "correct horse");
        assertEquals(200, x.status);
        JsonNode answer = new ObjectMapper().readTree(x.text());
        assertEquals("token-for-" + adaId, answer.get("token").asText());
        assertEquals("2030-01-01T00:00:00Z", answer.get("expiresAt").asText());
        assertEquals(adaId, answer.get("userId").asText());
        assertEquals("no-store", x.headers.get("Cache-Control"));
        assertEquals(List.of(Set.of(Roles.CUSTOMER)), tokens.roles);
        assertEquals(List.of("before ada@example.com " + ADDRESS, "succeeded ada@example.com " + ADDRESS), guard.calls);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() throws Exception {
        Exchange wrong = login("ada@example.com", "wrong horse");
        Exchange unknown = login("eve@example.com", "wrong horse");
        for (Exchange x : List.of(wrong, unknown)) {
            assertEquals(401, x.status);
            assertEquals("Bearer", x.headers.get("WWW-Authenticate"));
            JsonNode problem = new ObjectMapper().readTree(x.text());
            assertEquals(SessionServlet.WRONG, problem.get("detail").asText());
            assertEquals("Unauthorized", problem.get("title").asText());
        }
        assertEquals(wrong.text(), unknown.text());
        assertEquals(wrong.headers, unknown.headers);
        assertEquals(List.of(adaHash(), "null"), passwords.verified.stream().map(String::valueOf).toList(),
                "the unknown e-mail's password is checked against no hash: the same work");
        assertEquals(List.of("before ada@example.com " + ADDRESS, "failed ada@example.com " + ADDRESS,
                "before eve@example.com " + ADDRESS, "failed eve@example.com " + ADDRESS), guard.calls);
        assertTrue(tokens.roles.isEmpty());
    }

    @Test
    void aRefusedAttemptIs429WithRetryAfterAndChecksNoPassword() throws Exception {
        guard.refuse = Duration.ofMillis(2500);
        Exchange x = login("ada@example.com", "correct horse");
        assertEquals(429, x.status);
        assertEquals("3", x.headers.get("Retry-After"));
        assertEquals("application/problem+json", x.headers.get("Content-Type"));
        JsonNode problem = new ObjectMapper().readTree(x.text());
        assertEquals(429, problem.get("status").asInt());
        assertEquals(URI, problem.get("instance").asText());
        assertTrue(passwords.verified.isEmpty(), "no password checked while refused");
        assertTrue(tokens.roles.isEmpty());
        assertEquals(List.of("before ada@example.com " + ADDRESS), guard.calls);
    }

    @Test
    void aMalformedLoginIs400AndNeverEchoesThePassword() {
        ProblemException e = assertThrows(ProblemException.class, () -> login("ada@example.com", "bad\\u0000secret"));
        assertEquals(400, e.status());
        assertEquals("password", e.errors().get(0).field());
        assertFalse(e.errors().get(0).message().contains("secret"));
        assertFalse(String.valueOf(e.detail()).contains("secret"));
        assertTrue(guard.calls.isEmpty(), "a request that is not a login attempt costs no attempt");
    }

    private static String adaHash() {
        return FakeSecurity.FakePasswords.encode("correct horse".toCharArray());
    }
}
