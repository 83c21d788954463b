package dev.xmppd.c2s.csi;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.XmlElement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an inactive client (XEP-0352) must still get at once. Everything else waits until something urgent comes, the
 * client says it is active, or the buffer is full. The question asked is "would the user want the phone to wake up
 * for this?", as production servers ask it; when unsure, a stanza is urgent (holding back is only an optimisation).
 *
 * <p>Urgent:
 * <ul>
 *   <li>anything that is not a parsed stanza (error replies the server writes), every IQ, every error;</li>
 *   <li>anything from a bare domain or without {@code from}: the server (or a service) speaking to the client;</li>
 *   <li>presence other than available/unavailable (subscription requests and answers), and the client's own
 *       presence in a room it joins (XEP-0045 status 110: the answer to its join);</li>
 *   <li>messages with a body, except group chat that does not mention the user;</li>
 *   <li>encrypted messages (OMEMO {@code eu.siacs.conversations.axolotl} and {@code urn:xmpp:omemo:2}, OpenPGP for
 *       XMPP {@code urn:xmpp:openpgp:0}, legacy {@code jabber:x:encrypted}), whatever their type; OTR carries a
 *       body;</li>
 *   <li>call signalling (XEP-0353 Jingle Message Initiation), room invitations (XEP-0045 mediated, XEP-0249
 *       direct);</li>
 *   <li>XEP-0313 archive results (the client asked for them);</li>
 *   <li>group chat that mentions the user: its body contains the user's nickname in that room (learnt from the
 *       client's own join presence) or account name, or a XEP-0372 mention reference to the user;</li>
 *   <li>carbon copies (XEP-0280) when the copied message is urgent by these rules.</li>
 * </ul>
 * Not urgent: available/unavailable presence (only the newest per sender is kept), messages without a body that
 * carry chat states (XEP-0085), receipts (XEP-0184), markers (XEP-0333), PEP notifications (XEP-0163), and group
 * chat that does not mention the user.
 */
public final class CsiRules {
    static final String CARBONS = "urn:xmpp:carbons:2";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    static final String REFERENCE = "urn:xmpp:reference:0";
    private static final Set<String> URGENT_PAYLOADS = Set.of(
            "eu.siacs.conversations.axolotl", // OMEMO (legacy)
            "urn:xmpp:omemo:2", // OMEMO
            "urn:xmpp:openpgp:0", // XEP-0373 OpenPGP for XMPP
            "jabber:x:encrypted", // XEP-0027
            "urn:xmpp:jingle-message:0", // XEP-0353 calls
            "jabber:x:conference"); // XEP-0249 direct invitations

    private CsiRules() {
    }

    /**
     * @param msg what is written to the client
     * @param user the client's session
     * @param roomNicks the user's nickname in each room the client joined on this stream
     */
    public static boolean isUrgent(Object msg, FullJid user, Map<BareJid, String> roomNicks) {
        Jid from;
        if (msg instanceof Presence p) {
            from = p.from();
            if (p.type() != PresenceType.AVAILABLE && p.type() != PresenceType.UNAVAILABLE) {
                return true;
            }
            if (isOwnRoomPresence(p.element())) {
                return true;
            }
        } else if (msg instanceof Message m) {
            from = m.from();
            if (isUrgentMessage(m.element(), user, roomNicks)) {
                return true;
            }
        } else {
            return true;
        }
        return from == null || from.isDomain();
    }

    private static boolean isOwnRoomPresence(XmlElement presence) {
        XmlElement x = presence.element(MUC_USER, "x");
        if (x == null) {
            return false;
        }
        for (XmlElement status : x.elements()) {
            if (status.is(MUC_USER, "status") && "110".equals(status.attribute("code"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUrgentMessage(XmlElement m, FullJid user, Map<BareJid, String> roomNicks) {
        String type = m.attribute("type");
        if ("error".equals(type)) {
            return true;
        }
        for (XmlElement child : m.elements()) {
            String ns = child.namespace();
            if (URGENT_PAYLOADS.contains(ns) || ns.startsWith("urn:xmpp:mam:") && child.name().equals("result")
                    || child.is(MUC_USER, "x") && child.element(MUC_USER, "invite") != null) {
                return true;
            }
            if (CARBONS.equals(ns) && (child.name().equals("received") || child.name().equals("sent"))) {
                XmlElement copy = forwardedMessage(child);
                return copy != null && isUrgentMessage(copy, user, roomNicks);
            }
        }
        String body = m.childText(m.namespace(), "body");
        if (body == null) {
            return false;
        }
        return !"groupchat".equals(type) || mentions(m, body, user, roomNicks);
    }

    private static XmlElement forwardedMessage(XmlElement carbon) {
        XmlElement forwarded = carbon.element(FORWARD, "forwarded");
        if (forwarded == null) {
            return null;
        }
        for (XmlElement e : forwarded.elements()) {
            if (e.name().equals("message")) {
                return e;
            }
        }
        return null;
    }

    private static boolean mentions(XmlElement m, String body, FullJid user, Map<BareJid, String> roomNicks) {
        String text = body.toLowerCase(Locale.ROOT);
        String from = m.attribute("from");
        String nick = null;
        if (from != null && !roomNicks.isEmpty()) {
            int slash = from.indexOf('/');
            nick = roomNicks.get(roomOf(slash < 0 ? from : from.substring(0, slash)));
        }
        if (nick != null && text.contains(nick.toLowerCase(Locale.ROOT))
                || user.local() != null && text.contains(user.local())) {
            return true;
        }
        String me = "xmpp:" + user.bare();
        for (XmlElement ref : m.elements()) {
            if (ref.is(REFERENCE, "reference") && "mention".equals(ref.attribute("type"))
                    && isUser(ref.attribute("uri"), me)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUser(String uri, String me) {
        return uri != null && (uri.equals(me) || uri.startsWith(me + "/") || uri.startsWith(me + "?"));
    }

    private static BareJid roomOf(String bare) {
        try {
            return BareJid.parse(bare);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
