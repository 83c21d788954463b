package dev.xmppd.core.storage;

/**
 * A storage operation failed: the database could not be reached, a query failed, a schema migration failed, or the
 * storage executor refused the work because it is saturated or closed. Stages returned by the stores fail with it.
 */
public final class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
