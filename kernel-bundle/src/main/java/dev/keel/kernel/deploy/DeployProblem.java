package dev.keel.kernel.deploy;

/**
 * Something in {@code deploy/} that could not become a running bundle.
 *
 * @param file the file, relative to the Keel home when inside it
 * @param bundleId the bundle id, or -1 when no bundle was installed
 * @param reason one line saying why
 */
public record DeployProblem(String file, long bundleId, String reason) {
}
