package dev.xmppd.c2s.sm;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of the stanzas a client never acknowledged when its session ends (XEP-0198 §5: the server treats
 * them as not delivered). Called once the session has left routing, so routing a message again applies RFC 6121
 * §8.5 as if the session had never been there:
 * <ul>
 *   <li>a message with a body (normal, chat, headline) is routed again: to another available resource of the
 *       account, else to offline storage, else it bounces; a headline to a full JID is dropped (§8.5.3.2.1). It
 *       carries a XEP-0203 {@code <delay/>} from the server's domain, stamped when delivery to the client was first
 *       tried (XEP-0198 §5), unless it already has a delay element (it came from offline storage, say);</li>
 *   <li>an IQ request bounces with {@code service-unavailable}, so its sender is not left waiting;</li>
 *   <li>presence, IQ responses, errors, groupchat, and messages without a body (chat states, carbon copies, MAM
 *       results, which belong to the session that asked) are dropped: they describe state, not content.</li>
 * </ul>
 * Each case is counted in one log line per session.
 */
final class UnackedRedelivery {
    static final String DELAY = "urn:xmpp:delay";
    private static final Logger log = LoggerFactory.getLogger(UnackedRedelivery.class);

    private final StanzaRouter router;

    UnackedRedelivery(StanzaRouter router) {
        this.router = router;
    }

    /** Applies the rules to what {@code jid} did not acknowledge; {@code summary}: log one INFO line. */
    void redeliver(FullJid jid, List<Undelivered> unacked, boolean summary) {
        int routed = 0;
        int bounced = 0;
        int dropped = 0;
        for (Undelivered u : unacked) {
            Object o = u.stanza();
            if (o instanceof Message m && !m.isError() && m.type() != MessageType.GROUPCHAT && m.body() != null) {
                router.redeliver(delayed(m, jid.domain(), u.since()));
                routed++;
            } else if (o instanceof Iq iq && iq.type().isRequest()) {
                router.bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the recipient's session ended"));
                bounced++;
            } else {
                dropped++;
            }
        }
        if (summary && !unacked.isEmpty()) {
            log.info("sm: {} ended with {} unacknowledged stanza(s): {} message(s) routed again, {} request(s) "
                    + "bounced, {} dropped (presence, responses, errors, messages without a body)",
                    jid, unacked.size(), routed, bounced, dropped);
        } else if (!unacked.isEmpty()) {
            log.debug("sm: {} stanza(s) for {} after its session ended: routed {}, bounced {}, dropped {}",
                    unacked.size(), jid, routed, bounced, dropped);
        }
    }

    /** The message with a {@code <delay/>} (XEP-0203 §4: from the entity that delayed it), unless it has one. */
    static Message delayed(Message m, String domain, Instant since) {
        if (m.element().element(DELAY, "delay") != null) {
            return m;
        }
        XmlElement delay = XmlElement.builder(DELAY, "delay").attribute("from", domain)
                .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.MILLIS)))
                .build();
        return new Message(m.element().withChild(delay), m.to(), m.from(), m.type());
    }
}
