package dev.xmppd.im.forward;

import dev.xmppd.core.stanza.Message;

/**
 * Message processing hints (XEP-0334 §4): {@code <no-store/>}, {@code <no-permanent-store/>}, {@code <store/>},
 * {@code <no-copy/>} in {@code urn:xmpp:hints}.
 *
 * <pre>
 * &lt;message to='juliet@capulet.lit'&gt;&lt;body&gt;…&lt;/body&gt;&lt;no-store xmlns='urn:xmpp:hints'/&gt;&lt;/message&gt;
 * </pre>
 */
public final class Hints {
    public static final String NAMESPACE = "urn:xmpp:hints";

    private Hints() {
    }

    /** True if the message carries this hint, e.g. {@code "no-store"}. */
    public static boolean has(Message message, String hint) {
        return message.element().element(NAMESPACE, hint) != null;
    }

    /** True if the message has a {@code <body/>} in its stanza namespace. */
    public static boolean hasBody(Message message) {
        return message.element().element(message.element().namespace(), "body") != null;
    }
}
