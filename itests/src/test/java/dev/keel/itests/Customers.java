package dev.keel.itests;

import static org.junit.Assert.assertEquals;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Customers of the business plugins, as a client app would make them:
 * register with a password ({@code POST /api/user/users}, public), log in
 * ({@code POST /api/user/sessions}, public) and call with the token. Each
 * registration and login hashes a password (a slow KDF, about 100 ms of CPU):
 * tests make a few customers, not hundreds.
 */
public final class Customers {

    /** The password every test customer registers with. */
    public static final String PASSWORD = "correct horse battery";

    /** A registered, logged-in customer: their user as registered, and a client sending their token. */
    public record Customer(String id, String email, String token, Api api, Api.Reply registered) {
    }

    private Customers() {
    }

    /** A new customer with a unique e-mail made of {@code name}, logged in. */
    public static Customer register(Api api, String name) {
        return register(api, name, name.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID() + "@example.com");
    }

    /** A new customer with this e-mail, logged in. */
    public static Customer register(Api api, String name, String email) {
        Api.Reply r = api.anonymous().post("/api/user/users", Map.of("name", name, "email", email,
                "password", PASSWORD));
        assertEquals(r.toString(), 201, r.status());
        String token = login(api, email, PASSWORD);
        return new Customer(r.json().get("id").asText(), r.json().get("email").asText(), token, api.withToken(token), r);
    }

    /** Logs in and returns the token (fails unless 200). */
    public static String login(Api api, String email, String password) {
        Api.Reply r = session(api, email, password);
        assertEquals(r.toString(), 200, r.status());
        return r.json().get("token").asText();
    }

    /** The answer of a login attempt without a token, whatever it is. */
    public static Api.Reply session(Api api, String email, String password) {
        return sessionAs(api.anonymous(), email, password);
    }

    /** The answer of a login attempt sent by this client (with its token, if it has one). */
    public static Api.Reply sessionAs(Api api, String email, String password) {
        return api.post("/api/user/sessions", Map.of("email", email, "password", password));
    }
}
