package dev.keel.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;

import dev.keel.kernel.security.Audit;

class FolderAuditTest {

    record Line(Audit.Actor who, String action, String target, Map<String, String> details, String result) {
    }

    @TempDir
    Path dir;

    @Test
    void aJarDroppedIntoOrTakenFromTheFolderIsAuditedWithItsLocationAndHash() throws Exception {
        Path jar = Files.write(dir.resolve("greeting.jar"), new byte[] {1, 2, 3});
        List<Line> lines = new ArrayList<>();
        FolderAudit audit = new FolderAudit((who, action, target, details, result) -> lines.add(
                new Line(who, action, target, details, result)));
        Bundle b = bundle(jar.toUri().toString());

        audit.record(BundleEvent.INSTALLED, b, jar);
        audit.record(BundleEvent.UPDATED, b, jar);
        audit.record(BundleEvent.STARTED, b, jar);
        audit.record(BundleEvent.UNINSTALLED, b, jar);

        assertEquals(List.of("bundle.install", "bundle.update", "bundle.uninstall"),
                lines.stream().map(Line::action).toList(), "no line for a start");
        Line install = lines.get(0);
        assertEquals(FolderAudit.FOLDER, install.who());
        assertEquals("greeting", install.target());
        assertEquals(jar.toUri().toString(), install.details().get("location"));
        assertEquals(CodeSources.sha256(new byte[] {1, 2, 3}), install.details().get("sha256"));
        assertEquals("greeting 1.2.0 (bundle 42)", install.details().get("bundle"));
        assertEquals("ok", install.result());
        assertTrue(!lines.get(2).details().containsKey("sha256"), "the jar is gone at an uninstall");
    }

    private static Bundle bundle(String location) {
        return (Bundle) Proxy.newProxyInstance(FolderAuditTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getSymbolicName" -> "greeting";
                    case "getVersion" -> new Version(1, 2, 0);
                    case "getBundleId" -> 42L;
                    default -> null;
                });
    }
}
