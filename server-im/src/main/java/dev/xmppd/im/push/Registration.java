package dev.xmppd.im.push;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;

/**
 * One push service an account enabled (XEP-0357 §5): the XMPP Push Service's JID, its node, and the client's
 * publish options (a XEP-0004 form such as Conversations' {@code secret} or Monal's {@code pushServer}), kept
 * opaque and sent back with every publish. {@code resource} names the client that enabled it: a message queued for
 * that resource's detached XEP-0198 session wakes this registration only.
 *
 * <p>Stored in the key-value store {@code push} under {@link #key()}, the JID and node together, so that enabling the
 * same pair again replaces the earlier options (XEP-0357 §5: "use the last received request").
 *
 * @param node the node, {@code ""} when the client gave none
 * @param publishOptions the client's publish-options form, or {@code null}
 */
record Registration(String jid, String node, XmlElement publishOptions, String resource) {
    static final String NS = "urn:xmpp:push:0";
    static final String DATA = "jabber:x:data";
    static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";

    /** The storage key: JID and node, separated by a character no JID contains. */
    String key() {
        return jid + ' ' + node;
    }

    /**
     * Reads an {@code <enable/>} (XEP-0357 §5): a valid {@code jid} is required; a data form, if present, must be of
     * FORM_TYPE {@value #PUBLISH_OPTIONS}.
     *
     * @throws StanzaException {@code bad-request} otherwise
     */
    static Registration fromEnable(XmlElement enable, String resource) {
        String jid = serviceJid(enable);
        String node = enable.attribute("node") == null ? "" : enable.attribute("node");
        XmlElement form = enable.element(DATA, "x");
        if (form != null && !PUBLISH_OPTIONS.equals(formType(form))) {
            throw new StanzaException(Condition.BAD_REQUEST, "the form of <enable/> must be of FORM_TYPE "
                    + PUBLISH_OPTIONS);
        }
        Registration r = new Registration(jid, node, form, resource);
        if (r.key().length() > KeyValueStore.MAX_KEY_LENGTH) {
            throw new StanzaException(Condition.BAD_REQUEST, "jid and node are too long");
        }
        return r;
    }

    /** The {@code jid} of an {@code <enable/>} or {@code <disable/>}, normalized. */
    static String serviceJid(XmlElement e) {
        String jid = e.attribute("jid");
        if (jid == null || jid.isEmpty()) {
            throw new StanzaException(Condition.BAD_REQUEST, "<" + e.name() + "/> needs a jid attribute");
        }
        try {
            return Jid.parse(jid).toString();
        } catch (RuntimeException ex) {
            throw new StanzaException(Condition.BAD_REQUEST, "jid: not a valid JID");
        }
    }

    static String formType(XmlElement form) {
        for (XmlElement field : form.elements()) {
            if (field.is(DATA, "field") && "FORM_TYPE".equals(field.attribute("var"))) {
                return field.childText(DATA, "value");
            }
        }
        return null;
    }

    XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(NS, "registration").attribute("jid", jid).attribute("node", node);
        if (resource != null) {
            b.attribute("resource", resource);
        }
        if (publishOptions != null) {
            b.child(publishOptions);
        }
        return b.build();
    }

    static Registration parse(XmlElement e) {
        String node = e.attribute("node");
        return new Registration(e.attribute("jid"), node == null ? "" : node, e.element(DATA, "x"),
                e.attribute("resource"));
    }
}
