package dev.xmppd.im.forward;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds the wrappers that carry one stanza inside another: {@code <forwarded/>} (XEP-0297) with an optional
 * {@code <delay/>} (XEP-0203), as carbons (XEP-0280) and archive results (XEP-0313) send them, and the delay
 * stamp an offline message gets (XEP-0160).
 *
 * <pre>
 * &lt;forwarded xmlns='urn:xmpp:forward:0'&gt;
 *   &lt;delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/&gt;
 *   &lt;message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='romeo@montague.lit'&gt;...&lt;/message&gt;
 * &lt;/forwarded&gt;
 * </pre>
 */
public final class Forwarding {
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String DELAY = "urn:xmpp:delay";

    private Forwarding() {
    }

    /**
     * {@code <forwarded><delay/>?<message/></forwarded>}; the message is written in {@code jabber:client}.
     *
     * @param stamp when the message was first received, or {@code null} for no delay element (carbons)
     */
    public static XmlElement forwarded(Message message, Instant stamp) {
        requireNonNull(message, "message");
        XmlElement.Builder b = XmlElement.builder(FORWARD, "forwarded");
        if (stamp != null) {
            b.child(delay(null, stamp));
        }
        // XEP-0297 §3: the forwarded stanza keeps its namespace; on a client stream that is jabber:client.
        return b.child(message.element().withNamespace(Namespaces.CLIENT)).build();
    }

    /**
     * {@code <delay xmlns='urn:xmpp:delay' from='…' stamp='…'/>} (XEP-0203 §4).
     *
     * @param from the entity that delayed the stanza, or {@code null}
     */
    public static XmlElement delay(String from, Instant stamp) {
        return XmlElement.builder(DELAY, "delay").attribute("from", from).attribute("stamp", stamp(stamp)).build();
    }

    /** A XEP-0082 DateTime in UTC, to the millisecond ({@code 2002-09-10T23:08:25.123Z}). */
    public static String stamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
