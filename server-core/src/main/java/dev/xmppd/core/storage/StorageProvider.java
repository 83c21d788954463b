package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

/**
 * Opens the stores of one storage backend. Created once at start-up, after its schema migrations have run;
 * closed at shutdown, after which every store call fails with {@link StorageException}.
 *
 * <p>Stores are declared by kind, as in Prosody: {@link #accounts()}, {@link #keyValue(String)} (rosters, vCards,
 * private XML, ...) and {@link #archive(String)} (message archive, offline messages, MUC history). What every store
 * keeps for an account is deleted with it by {@link AccountStore#delete}.
 */
public interface StorageProvider extends AutoCloseable {

    /** The longest store name. */
    int MAX_STORE_NAME_LENGTH = 64;

    AccountStore accounts();

    /**
     * The key-value store with this name, created on first use; the same instance for the same name.
     *
     * @throws IllegalArgumentException if the name is not 1 to 64 lower case letters, digits and '-'
     */
    KeyValueStore keyValue(String name);

    /**
     * The archive with this name, created on first use; the same instance for the same name.
     *
     * @throws IllegalArgumentException if the name is not 1 to 64 lower case letters, digits and '-'
     */
    ArchiveStore archive(String name);

    @Override
    void close();

    /**
     * Checks a store name: 1 to 64 characters, each a lower case ASCII letter, a digit or '-'.
     *
     * @return the name
     */
    static String requireStoreName(String name) {
        requireNonNull(name, "name");
        boolean valid = !name.isEmpty() && name.length() <= MAX_STORE_NAME_LENGTH;
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }
        if (!valid) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1 to " + MAX_STORE_NAME_LENGTH
                    + " of a-z, 0-9 and '-')");
        }
        return name;
    }
}
