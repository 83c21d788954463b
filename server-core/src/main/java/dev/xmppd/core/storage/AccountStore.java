package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Local accounts and their SCRAM credentials (RFC 5802 §3: salted keys only, never the password).
 *
 * <p>Every call returns at once. With the JDBC backend the work runs on the bounded storage executor and the stage
 * completes on a storage thread, so continue with an {@code *Async} method on your own executor (e.g. the channel's
 * event loop) for anything but trivial work. A stage fails with {@link StorageException} when the database fails or
 * the executor is saturated or closed. Arguments are checked before anything is queued: a {@code null}, a JID without
 * localpart, or a credential filed under the wrong algorithm throws at once.
 */
public interface AccountStore {

    CompletionStage<Optional<Account>> find(BareJid jid);

    /** Creates the account; completes with {@code false} if it already exists, also when two creates race. */
    CompletionStage<Boolean> create(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials);

    /** Replaces all credentials; completes with {@code false} if there is no such account. */
    CompletionStage<Boolean> updateCredentials(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials);

    /** Deletes the account and everything stored for it; completes with {@code false} if there was none. */
    CompletionStage<Boolean> delete(BareJid jid);

    CompletionStage<Boolean> exists(BareJid jid);

    /** The accounts of a domain, ordered by localpart in binary order (not a locale's collation). */
    CompletionStage<List<BareJid>> list(String domain);

    CompletionStage<Long> count(String domain);

    /**
     * Checks that an address can name an account: it must have a localpart.
     *
     * @return the address
     */
    static BareJid requireAccountJid(BareJid jid) {
        requireNonNull(jid, "jid");
        if (jid.local() == null) {
            throw new IllegalArgumentException("jid: " + jid + " (expected: an address with a localpart)");
        }
        return jid;
    }

    /**
     * Checks that every credential is filed under its own algorithm.
     *
     * @return an immutable copy of the map
     */
    static Map<ScramAlgorithm, ScramCredential> requireCredentials(Map<ScramAlgorithm, ScramCredential> credentials) {
        requireNonNull(credentials, "credentials");
        credentials.forEach((algorithm, credential) -> {
            requireNonNull(algorithm, "credentials key");
            requireNonNull(credential, "credentials value");
            if (credential.algorithm() != algorithm) {
                throw new IllegalArgumentException("credentials: " + algorithm + " -> "
                        + credential.algorithm().mechanism() + " credential (expected: " + algorithm.mechanism()
                        + ")");
            }
        });
        return Map.copyOf(credentials);
    }
}
