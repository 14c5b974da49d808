package dev.keel.user.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keel.api.user.User;

class UserServletTest {

    @Test
    void aUserShowsItsOrderStatistics() {
        Map<String, Object> view = UserServlet.view(new UserStore.Account(new User("u1", "Ada", "ada@example.com"), 3,
                Map.of("EUR", 2500L)));
        assertEquals(List.of("id", "name", "email", "orderCount", "totals"), List.copyOf(view.keySet()));
        assertEquals(3L, view.get("orderCount"));
        assertEquals(Map.of("EUR", 2500L), view.get("totals"));
    }

    @Test
    void emailAddressesNeedALocalPartAndADomainWithADot() {
        for (String good : List.of("ada@example.com", "a.b+c@mail.example.org")) {
            assertEquals(true, UserServlet.isEmail(good), good);
        }
        for (String bad : List.of("ada", "ada@", "@example.com", "ada@example", "a da@example.com", "a@b@c.d",
                "ada@example.")) {
            assertEquals(false, UserServlet.isEmail(bad), bad);
        }
    }
}
