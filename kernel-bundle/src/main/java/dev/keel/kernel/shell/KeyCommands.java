package dev.keel.kernel.shell;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.keel.kernel.security.SigningKeys;
import dev.keel.kernel.security.SigningKeys.KeyInfo;

/** {@code keel:keys list|rotate}: the signing keys of Keel's tokens. */
@Component(service = KeyCommands.class)
@GogoCommand(scope = "keel", function = {"keys"})
public final class KeyCommands {

    private final SigningKeys keys;

    @Activate
    public KeyCommands(@Reference SigningKeys keys) {
        this.keys = keys;
    }

    @Descriptor("list the keys that sign and verify Keel's tokens (as GET /auth/jwks publishes them)")
    public String keys() {
        return keys("list");
    }

    @Descriptor("list the token signing keys, or rotate: sign with a new key from now on; tokens the old key "
            + "signed stay valid until they expire, and it stays published until then")
    public String keys(@Descriptor("list or rotate") String action) {
        return switch (action) {
            case "list" -> format();
            case "rotate" -> "new signing key " + keys.rotate().kid() + "\n" + format();
            default -> throw new IllegalArgumentException("keel:keys list | rotate (not " + action + ")");
        };
    }

    private String format() {
        Table table = new Table("KID", "CREATED", "STATE");
        for (KeyInfo k : keys.list()) {
            table.row(k.kid(), k.created(), k.current() ? "signing" : "retired, verifies until " + k.retiredUntil());
        }
        return table.toString();
    }
}
