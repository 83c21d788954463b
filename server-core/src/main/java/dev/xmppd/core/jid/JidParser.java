package dev.xmppd.core.jid;

import java.util.Locale;

/** Splits and normalizes addresses. PLACEHOLDER: PRECIS profiles and the parse cache are being added. */
final class JidParser {
    private JidParser() {
    }

    static Jid parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new JidFormatException("empty address");
        }
        int slash = address.indexOf('/');
        String rest = slash < 0 ? address : address.substring(0, slash);
        int at = rest.indexOf('@');
        String local = at < 0 ? null : rest.substring(0, at);
        String domain = at < 0 ? rest : rest.substring(at + 1);
        BareJid bare = bare(local, domain);
        return slash < 0 ? bare : full(bare, address.substring(slash + 1));
    }

    static BareJid bare(String local, String domain) {
        if (local != null && local.isEmpty()) {
            throw new JidFormatException("localpart is empty");
        }
        return new BareJid(local == null ? null : local.toLowerCase(Locale.ROOT), domain.toLowerCase(Locale.ROOT));
    }

    static FullJid full(BareJid bare, String resource) {
        return new FullJid(bare, resource);
    }
}
