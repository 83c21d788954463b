package dev.xmppd.core.storage;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Local accounts. Every call runs on the storage executor and completes its stage there. */
public interface AccountStore {

    CompletionStage<Optional<Account>> find(BareJid jid);

    /** Creates the account; completes with {@code false} if it already exists. */
    CompletionStage<Boolean> create(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials);

    /** Replaces the credentials; completes with {@code false} if there is no such account. */
    CompletionStage<Boolean> updateCredentials(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials);

    /** Deletes the account and everything stored for it; completes with {@code false} if there was none. */
    CompletionStage<Boolean> delete(BareJid jid);

    CompletionStage<Boolean> exists(BareJid jid);

    /** The accounts of a domain, ordered by localpart. */
    CompletionStage<List<BareJid>> list(String domain);

    CompletionStage<Long> count(String domain);
}
