package dev.keel.kernel.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.keel.api.security.Roles;
import dev.keel.kernel.util.LogText;

/**
 * {@code etc/keel.users} (lines {@code USER ROLES CREDENTIAL}) and the generated
 * client key's {@code data/ssh/authorized_keys}, whose keys belong to user
 * {@code admin} (role {@code admin}); both read on every call.
 */
@Component(service = Accounts.class)
public final class AccountsImpl implements Accounts {

    /** The user the generated client key ({@code bin/keel client}) belongs to. */
    public static final String ADMIN = "admin";
    /** The roles a line may grant. */
    static final Set<String> KNOWN_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.TESTER,
            Roles.METRICS);
    private static final Pattern ROLE_LIST = Pattern.compile("[a-z]+(,[a-z]+)*");

    /** One credential line: a password hash or a key (the other null). */
    record Line(String user, Set<String> roles, String passwordHash, PublicKey key) {
    }

    private final Path usersFile;
    private final Path authorizedKeys;
    private final Logger log;
    /** The users file's lines last warned about, so a bad line is logged once, not on every login. */
    private volatile Set<String> warned = Set.of();

    @Activate
    public AccountsImpl(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this(Homes.home(context).resolve("etc/keel.users"), Homes.home(context).resolve("data/ssh/authorized_keys"),
                log);
    }

    public AccountsImpl(Path usersFile, Path authorizedKeys, Logger log) {
        this.usersFile = usersFile;
        this.authorizedKeys = authorizedKeys;
        this.log = log;
    }

    /** The users file this reads. */
    public Path usersFile() {
        return usersFile;
    }

    @Override
    public Optional<Account> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return account(name, lines());
    }

    @Override
    public Optional<Account> ownerOf(PublicKey key) {
        if (key == null) {
            return Optional.empty();
        }
        List<Line> lines = lines();
        Set<String> owners = new LinkedHashSet<>();
        for (Line l : lines) {
            if (l.key() != null && KeyUtils.compareKeys(l.key(), key)) {
                owners.add(l.user());
            }
        }
        return owners.size() == 1 ? account(owners.iterator().next(), lines) : Optional.empty();
    }

    /** Every user name with a line in the users file, in file order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        lines().forEach(l -> names.add(l.user()));
        return names;
    }

    private static Optional<Account> account(String name, List<Line> lines) {
        Set<String> roles = new LinkedHashSet<>();
        String hash = null;
        List<PublicKey> keys = new ArrayList<>();
        boolean found = false;
        for (Line l : lines) {
            if (!l.user().equals(name)) {
                continue;
            }
            found = true;
            roles.addAll(l.roles());
            if (l.passwordHash() != null && hash == null) {
                hash = l.passwordHash();
            }
            if (l.key() != null && ownedOnlyBy(name, l.key(), lines)) {
                keys.add(l.key());
            }
        }
        return found ? Optional.of(new Account(name, roles, Optional.ofNullable(hash), keys)) : Optional.empty();
    }

    private static boolean ownedOnlyBy(String name, PublicKey key, List<Line> lines) {
        return lines.stream().noneMatch(l -> l.key() != null && !l.user().equals(name)
                && KeyUtils.compareKeys(l.key(), key));
    }

    /** The credential lines of both files. */
    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        Set<String> bad = new LinkedHashSet<>();
        for (String raw : read(usersFile)) {
            Line l = parse(raw);
            if (l == null) {
                bad.add(raw);
            } else {
                lines.add(l);
            }
        }
        for (String raw : read(authorizedKeys)) {
            PublicKey key = key(raw);
            if (key != null) {
                lines.add(new Line(ADMIN, Set.of(Roles.ADMIN), null, key));
            }
        }
        if (!bad.isEmpty() && !bad.equals(warned)) {
            warned = Set.copyOf(bad);
            bad.forEach(b -> log.warn("{}: ignoring a line that is not 'USER ROLES CREDENTIAL' with known roles ({}): "
                    + "{}", usersFile, String.join(",", KNOWN_ROLES), LogText.escape(abbreviate(b))));
        }
        return lines;
    }

    /** One line of the users file, or null when it is not {@code USER ROLES CREDENTIAL}. */
    static Line parse(String raw) {
        String[] parts = raw.strip().split("\\s+", 3);
        if (parts.length != 3 || !ROLE_LIST.matcher(parts[1]).matches()) {
            return null;
        }
        Set<String> roles = Set.of(parts[1].split(","));
        if (!KNOWN_ROLES.containsAll(roles)) {
            return null;
        }
        String credential = parts[2].strip();
        if (PasswordsImpl.isHash(credential)) {
            return credential.contains(" ") ? null : new Line(parts[0], roles, credential, null);
        }
        PublicKey key = key(credential);
        return key == null ? null : new Line(parts[0], roles, null, key);
    }

    /** A public key in OpenSSH form ({@code TYPE BASE64 [COMMENT]}), or null. */
    static PublicKey key(String entry) {
        try {
            AuthorizedKeyEntry e = AuthorizedKeyEntry.parseAuthorizedKeyEntry(entry);
            return e == null ? null : e.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.error("cannot read {}: {}", file, LogText.escape(String.valueOf(e.getMessage())));
            return List.of();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
