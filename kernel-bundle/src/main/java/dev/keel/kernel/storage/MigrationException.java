package dev.keel.kernel.storage;

/** A plugin's migrations cannot be applied; the message is one clear line naming the file. */
final class MigrationException extends Exception {

    private static final long serialVersionUID = 1L;

    MigrationException(String message) {
        super(message);
    }

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
