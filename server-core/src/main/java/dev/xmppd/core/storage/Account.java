package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import java.util.Map;

/** A local account: its address and one SCRAM credential per hash. */
public record Account(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials) {

    public Account {
        requireNonNull(jid, "jid");
        credentials = Map.copyOf(credentials);
    }

    /** The credential for this hash, or {@code null}. */
    public ScramCredential credential(ScramAlgorithm algorithm) {
        return credentials.get(algorithm);
    }
}
