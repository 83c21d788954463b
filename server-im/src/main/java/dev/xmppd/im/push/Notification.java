package dev.xmppd.im.push;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.XmlElement;

/**
 * The publish a push service receives (XEP-0357 §6): a {@code <notification/>} item with the
 * {@code urn:xmpp:push:summary} form, and the client's publish options as given.
 *
 * <pre>
 * &lt;pubsub xmlns='http://jabber.org/protocol/pubsub'&gt;
 *   &lt;publish node='yxs32uqsflafdk3iuqo'&gt;&lt;item&gt;
 *     &lt;notification xmlns='urn:xmpp:push:0'&gt;
 *       &lt;x xmlns='jabber:x:data' type='submit'&gt;
 *         &lt;field var='FORM_TYPE'&gt;&lt;value&gt;urn:xmpp:push:summary&lt;/value&gt;&lt;/field&gt;
 *         &lt;field var='message-count'&gt;&lt;value&gt;1&lt;/value&gt;&lt;/field&gt;
 *         &lt;field var='last-message-sender'&gt;&lt;value&gt;juliet@capulet.example/balcony&lt;/value&gt;&lt;/field&gt;
 *       &lt;/x&gt;
 *     &lt;/notification&gt;
 *   &lt;/item&gt;&lt;/publish&gt;
 *   &lt;publish-options&gt;&lt;x xmlns='jabber:x:data' type='submit'&gt;…the client's fields…&lt;/x&gt;&lt;/publish-options&gt;
 * &lt;/pubsub&gt;
 * </pre>
 */
final class Notification {
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String SUMMARY = "urn:xmpp:push:summary";

    private Notification() {
    }

    /**
     * @param count the messages this notification stands for
     * @param sender who sent the last of them, or {@code null}
     * @param body the last body, or {@code null} to leave it out (the default: bodies are private)
     */
    static XmlElement publish(Registration r, int count, Jid sender, String body) {
        XmlElement.Builder form = XmlElement.builder(Registration.DATA, "x").attribute("type", "submit")
                .child(field("FORM_TYPE", SUMMARY))
                .child(field("message-count", Integer.toString(count)));
        if (sender != null) {
            form.child(field("last-message-sender", sender.toString()));
        }
        if (body != null) {
            form.child(field("last-message-body", body));
        }
        XmlElement notification = XmlElement.builder(Registration.NS, "notification").child(form.build()).build();
        XmlElement.Builder publish = XmlElement.builder(PUBSUB, "publish");
        if (!r.node().isEmpty()) {
            publish.attribute("node", r.node());
        }
        publish.child(XmlElement.builder(PUBSUB, "item").child(notification).build());
        XmlElement.Builder pubsub = XmlElement.builder(PUBSUB, "pubsub").child(publish.build());
        if (r.publishOptions() != null) {
            pubsub.child(XmlElement.builder(PUBSUB, "publish-options").child(r.publishOptions()).build());
        }
        return pubsub.build();
    }

    private static XmlElement field(String var, String value) {
        return XmlElement.builder(Registration.DATA, "field").attribute("var", var)
                .textElement("value", value).build();
    }
}
