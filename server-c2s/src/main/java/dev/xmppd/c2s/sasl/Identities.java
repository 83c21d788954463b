package dev.xmppd.c2s.sasl;

import dev.xmppd.core.jid.BareJid;
import rocks.xmpp.precis.PrecisProfiles;

/** Maps SASL identities to accounts (RFC 6120 §6.3.8, §6.3.9). */
final class Identities {

    private Identities() {
    }

    /**
     * The account of an authentication identity: a simple username (RFC 6120 §6.3.8) normalized with PRECIS
     * UsernameCaseMapped (RFC 8265 §3.3), or {@code null} if it cannot be a localpart at this domain.
     */
    static BareJid account(String authcid, String domain) {
        try {
            String local = PrecisProfiles.USERNAME_CASE_MAPPED.enforce(authcid);
            if (local.isEmpty()) {
                return null;
            }
            BareJid jid = BareJid.of(local, domain);
            return jid.local() == null ? null : jid;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * RFC 6120 §6.3.9: an authorization identity is allowed if absent or equal to the authenticated bare JID; we do
     * not let one user act as another.
     */
    static boolean authzidAllowed(String authzid, BareJid account) {
        if (authzid == null || authzid.isEmpty()) {
            return true;
        }
        if (account == null) {
            return false;
        }
        try {
            return BareJid.parse(authzid).equals(account);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
