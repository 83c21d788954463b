package dev.xmppd.im.push;

import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.xml.XmlElement;
import java.util.Set;

/**
 * Which waiting messages are worth waking a phone for: those with a body, end-to-end encrypted ones (whose body may
 * only be a fallback, or absent), and call signalling (XEP-0353). Chat states, receipts, markers, PEP events and
 * errors wake nobody. The same question client state indication asks of an inactive client (c2s {@code CsiRules});
 * modules cannot use that class (they depend on core only), so the few namespaces are repeated here.
 */
final class WakeRule {
    private static final Set<String> WAKING_PAYLOADS = Set.of(
            "eu.siacs.conversations.axolotl", // OMEMO (legacy)
            "urn:xmpp:omemo:2", // OMEMO
            "urn:xmpp:openpgp:0", // XEP-0373
            "jabber:x:encrypted", // XEP-0027
            "urn:xmpp:jingle-message:0", // XEP-0353 calls
            "jabber:x:conference"); // XEP-0249 direct invitations

    private WakeRule() {
    }

    static boolean wakes(Message message) {
        if (message.type() == MessageType.ERROR) {
            return false;
        }
        XmlElement e = message.element();
        if (e.element(e.namespace(), "body") != null) {
            return true;
        }
        for (XmlElement child : e.elements()) {
            if (WAKING_PAYLOADS.contains(child.namespace())) {
                return true;
            }
        }
        return false;
    }
}
