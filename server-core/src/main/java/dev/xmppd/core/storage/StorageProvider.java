package dev.xmppd.core.storage;

/**
 * Opens the stores of one storage backend. Created once at start-up, after its schema migrations have run;
 * closed at shutdown.
 */
public interface StorageProvider extends AutoCloseable {

    AccountStore accounts();

    /**
     * The key-value store with this name (lower case letters, digits and '-'), created on first use; the same
     * instance for the same name.
     */
    default KeyValueStore keyValue(String name) {
        throw new IllegalStateException("being implemented");
    }

    /** The archive with this name (lower case letters, digits and '-'), created on first use. */
    default ArchiveStore archive(String name) {
        throw new IllegalStateException("being implemented");
    }

    @Override
    void close();
}
