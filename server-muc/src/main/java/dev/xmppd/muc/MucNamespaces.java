package dev.xmppd.muc;

/** The namespaces the MUC service speaks (XEP-0045 §19 and the XEPs it uses in rooms). */
public final class MucNamespaces {
    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String USER = MUC + "#user";
    public static final String ADMIN = MUC + "#admin";
    public static final String OWNER = MUC + "#owner";
    /** XEP-0410 §4: the service answers self-pings itself. */
    public static final String SELF_PING = MUC + "#self-ping-optimization";
    /** XEP-0045 §7.2.1 / XEP-0359: the room adds stanza-ids. */
    public static final String STABLE_ID = MUC + "#stable_id";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String STANZA_ID = "urn:xmpp:sid:0";
    public static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
    public static final String PING = "urn:xmpp:ping";
    /** XEP-0249 direct invitations. */
    public static final String CONFERENCE = "jabber:x:conference";
    public static final String MAM = "urn:xmpp:mam:2";

    private MucNamespaces() {
    }
}
