package dev.xmppd.core.storage;

/**
 * Opens the stores of one storage backend. Created once at start-up, after its schema migrations have run;
 * closed at shutdown.
 */
public interface StorageProvider extends AutoCloseable {

    AccountStore accounts();

    @Override
    void close();
}
