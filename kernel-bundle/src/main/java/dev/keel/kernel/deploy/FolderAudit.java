package dev.keel.kernel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

import dev.keel.kernel.security.Audit;
import dev.keel.kernel.security.Audit.Actor;

/**
 * The audit lines of code that came through the {@code deploy/} folder
 * (FileInstall installs, updates and uninstalls what is dropped there or taken
 * away, without any command): one line per such install, update or
 * uninstall, with the jar's location and SHA-256. Who dropped the file is not
 * known; the actor says that it was the folder.
 */
final class FolderAudit {

    /** The actor of a change made by the folder watcher. */
    static final Actor FOLDER = new Actor("", "deploy-folder", "");

    private final Audit audit;

    FolderAudit(Audit audit) {
        this.audit = audit;
    }

    /** Records an install, update or uninstall of a bundle whose jar is {@code file} in the deploy folder. */
    void record(int type, Bundle bundle, Path file) {
        String action = switch (type) {
            case BundleEvent.INSTALLED -> "bundle.install";
            case BundleEvent.UPDATED -> "bundle.update";
            case BundleEvent.UNINSTALLED -> "bundle.uninstall";
            default -> null;
        };
        if (action == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("location", bundle.getLocation());
        if (type != BundleEvent.UNINSTALLED) {
            details.put("sha256", sha256(file));
        }
        details.put("bundle", bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle "
                + bundle.getBundleId() + ")");
        audit.record(FOLDER, action, String.valueOf(bundle.getSymbolicName()), details, "ok");
    }

    private static String sha256(Path file) {
        try {
            return CodeSources.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
