package dev.xmppd.im.carbons;

import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.Hints;

/**
 * Which messages are copied (XEP-0280 §6): chat messages, and normal messages with a body; never groupchat,
 * headline or error messages, never one marked {@code <private/>} (§8) or {@code <no-copy/>} (XEP-0334 §4.4),
 * and never a carbon copy itself.
 */
final class CarbonRules {
    private CarbonRules() {
    }

    static boolean eligible(Message message) {
        XmlElement e = message.element();
        if (e.element(CarbonsModule.NAMESPACE, "private") != null || Hints.has(message, "no-copy")
                || e.element(CarbonsModule.NAMESPACE, "received") != null
                || e.element(CarbonsModule.NAMESPACE, "sent") != null) {
            return false;
        }
        return switch (message.type()) {
            case CHAT -> true;
            case NORMAL -> Hints.hasBody(message);
            case GROUPCHAT, HEADLINE, ERROR -> false;
        };
    }
}
