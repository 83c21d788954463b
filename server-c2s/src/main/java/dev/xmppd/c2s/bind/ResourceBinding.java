package dev.xmppd.c2s.bind;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Resource binding (RFC 6120 §7): the full JID for a bind request, chosen by the client or by the server.
 *
 * <pre>
 * C: &lt;iq type='set' id='b1'&gt;&lt;bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'&gt;&lt;resource&gt;balcony&lt;/resource&gt;&lt;/bind&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='b1'&gt;&lt;bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'&gt;&lt;jid&gt;juliet@example.com/balcony&lt;/jid&gt;&lt;/bind&gt;&lt;/iq&gt;
 * </pre>
 */
public final class ResourceBinding {
    /** Shared: a SecureRandom is thread-safe, and one per connection cost about 100 bytes of every session. */
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The full JID for a bind payload.
     *
     * @throws StanzaException {@code bad-request} for a resource that is not a valid resourcepart (§7.7.2.1)
     */
    public FullJid jidFor(BareJid account, XmlElement bind) {
        String requested = bind.childText(Namespaces.BIND, "resource");
        if (requested == null || requested.isBlank()) {
            // RFC 6120 §7.6: the server generates a resourcepart.
            byte[] id = new byte[8];
            RANDOM.nextBytes(id);
            return account.withResource("xmppd-" + HexFormat.of().formatHex(id));
        }
        try {
            return account.withResource(requested);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.BAD_REQUEST, "resource: " + e.getMessage());
        }
    }

    /** The payload of the bind result. */
    public static XmlElement result(FullJid jid) {
        return XmlElement.builder(Namespaces.BIND, "bind").textElement("jid", jid.toString()).build();
    }
}
