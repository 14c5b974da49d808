package dev.keel.user.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserServiceImplTest {

    private DataSource db;
    private FakeSecurity.FakePasswords passwords;
    private UserServiceImpl users;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDb.migrated();
        passwords = new FakeSecurity.FakePasswords();
        users = new UserServiceImpl(new UserStore(db), passwords, FakeSecurity.quietLog());
    }

    @Test
    void registrationStoresTheHashNeverThePassword() throws SQLException {
        UserStore.Account ada = users.register("Ada", "Ada@Example.com", "correct horse".toCharArray());
        assertEquals("ada@example.com", ada.user().email());
        assertEquals(FakeSecurity.FakePasswords.encode("correct horse".toCharArray()), hashOf(ada.user().id()));
        assertEquals(1, count("user_users"));
        assertTrue(users.find(ada.user().id()).isPresent());
    }

    @Test
    void theRightPasswordLogsInAWrongOneAndAnUnknownEmailDoNotAfterTheSameCheck() {
        String id = users.register("Ada", "ada@example.com", "correct horse".toCharArray()).user().id();
        assertEquals(Optional.of(id), users.authenticate("ADA@example.com", "correct horse".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("ada@example.com", "wrong horse".toCharArray()));
        passwords.verified.clear();
        assertEquals(Optional.empty(), users.authenticate("nobody@example.com", "correct horse".toCharArray()));
        assertEquals(1, passwords.verified.size(), "an unknown e-mail is checked too");
        assertNull(passwords.verified.get(0), "against no hash, which costs the same work");
    }

    @Test
    void aKnownEmailIsAnsweredLikeANewRegistrationAndChangesNothing() throws SQLException {
        UserStore.Account first = users.register("Ada", "ada@example.com", "correct horse".toCharArray());
        UserStore.Account again = users.register("Mallory", "ADA@example.com", "mallory's own".toCharArray());
        assertEquals(2, passwords.hashed, "the second password is hashed too: the same work as a new registration");
        assertNotEquals(first.user().id(), again.user().id(), "no existing id is revealed");
        assertEquals("Mallory", again.user().name());
        assertEquals("ada@example.com", again.user().email());
        assertEquals(0, again.orderCount());
        assertTrue(again.totals().isEmpty());
        assertEquals(1, count("user_users"), "nothing stored");
        assertFalse(users.find(again.user().id()).isPresent());
        assertEquals("Ada", users.find(first.user().id()).orElseThrow().name());
        assertEquals(Optional.of(first.user().id()), users.authenticate("ada@example.com",
                "correct horse".toCharArray()), "the owner's password still works");
        assertEquals(Optional.empty(), users.authenticate("ada@example.com", "mallory's own".toCharArray()));
    }

    @Test
    void aUserRegisteredBeforePasswordsCannotLogIn() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO user_users (id, name, email, order_count, created_at)"
                    + " VALUES ('old', 'Old', 'old@example.com', 0, CURRENT_TIMESTAMP)");
        }
        assertEquals(Optional.empty(), users.authenticate("old@example.com", "anything at all".toCharArray()));
        assertNull(passwords.verified.get(0));
    }

    private String hashOf(String userId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT password_hash FROM user_users WHERE id = ?")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
