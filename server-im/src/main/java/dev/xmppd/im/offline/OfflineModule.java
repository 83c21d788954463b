package dev.xmppd.im.offline;

import dev.xmppd.core.concurrent.Lanes;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.im.forward.Forwarding;
import dev.xmppd.im.forward.Hints;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline messages (XEP-0160, RFC 6121 §8.5.2.2.1): a normal or chat message with a body for an account that has
 * no available resource is stored, stamped with {@code <delay/>} (XEP-0203), in the archive {@code offline}; the
 * account's first available resource with a non-negative priority receives them all, in order, right after its
 * initial presence, and they are removed. Each account may hold {@code quota} messages; beyond that the sender gets
 * {@code service-unavailable}.
 *
 * <pre>
 * C (romeo): &lt;message to='juliet@capulet.lit' type='chat'&gt;&lt;body&gt;Art thou there?&lt;/body&gt;&lt;/message&gt;
 *   (juliet is offline; later she logs in)
 * C (juliet): &lt;presence/&gt;
 * S: &lt;message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' type='chat'&gt;
 *      &lt;body&gt;Art thou there?&lt;/body&gt;
 *      &lt;delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2002-09-10T23:08:25Z'/&gt;
 *    &lt;/message&gt;
 * </pre>
 */
public final class OfflineModule implements XmppModule {
    /** The default number of messages kept per account. */
    public static final int DEFAULT_QUOTA = 1000;
    /** The feature XEP-0160 §5 advertises. */
    public static final String FEATURE = "msgoffline";
    static final String STORE = "offline";

    private static final Logger log = LoggerFactory.getLogger(OfflineModule.class);

    private final int quota;
    private final Lanes<BareJid> lanes = new Lanes<>();
    private final Clock clock;
    private ModuleContext ctx;
    private ArchiveStore store;

    /** @param quota the most messages one account may have stored, {@code >= 1} */
    public OfflineModule(int quota) {
        this(quota, Clock.systemUTC());
    }

    OfflineModule(int quota, Clock clock) {
        if (quota < 1) {
            throw new IllegalArgumentException("quota: " + quota + " (expected: >= 1)");
        }
        this.quota = quota;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public void configure(ModuleContext context) {
        ctx = context;
        store = ctx.storage().archive(STORE);
        OfflineDelivery delivery = new OfflineDelivery(store);
        ctx.feature(FEATURE);
        ctx.onMessage(Phase.FALLBACK, this::store);
        ctx.on(Events.PresenceChanged.class, e -> {
            // XEP-0160 §3: stored messages go out with initial presence of non-negative priority.
            // A resource that was available with a negative priority gets them once it turns non-negative.
            if (e.current() != null && e.current().priority() >= 0
                    && (e.previous() == null || e.previous().priority() < 0)
                    && e.session().jid().domain().equals(ctx.host())) {
                lanes.submit(e.session().jid().bare(), () -> delivery.flush(e.session()));
            }
        });
    }

    private Verdict store(Message message) {
        if (message.type() != MessageType.NORMAL && message.type() != MessageType.CHAT) {
            return Verdict.CONTINUE;
        }
        // XEP-0334 §4.3: no-store forbids offline storage. A message without a body (a chat state, a receipt) means
        // nothing later: RFC 6121 §8.5.2.2.1 lets the server ignore it, unless the sender asks for storage.
        if (Hints.has(message, "no-store") || !Hints.hasBody(message) && !Hints.has(message, "store")) {
            return Verdict.DROP;
        }
        BareJid owner = (message.to() != null ? message.to() : message.from()).bare();
        Instant now = clock.instant();
        Message stamped = stamp(message, now);
        // Each account's stores and flushes run one at a time, in arrival order: the messages keep their order
        // (XEP-0160 §3) and the quota check sees every earlier write.
        lanes.submit(owner, () -> store.count(owner).thenCompose(count -> {
            if (count >= quota) {
                throw new QuotaExceeded();
            }
            return store.append(owner, now, message.from() == null ? null : message.from().bare().toString(),
                    stamped.element());
        })).whenComplete((id, failure) -> {
            if (failure != null) {
                refuse(message, owner, failure);
            } else {
                ctx.publish(new Events.MessageWaiting(owner, stamped)); // e.g. push notifications (XEP-0357)
            }
        });
        return Verdict.HANDLED;
    }

    private Message stamp(Message message, Instant now) {
        // XEP-0203 §4: 'from' is the entity that delayed delivery, here the recipient's server. A message this server
        // stamped already (an unacknowledged one routed again after its session ended, XEP-0198 §5) keeps the
        // earlier stamp, the time it first reached the server, and gets no second one.
        for (XmlNode child : message.element().children()) {
            if (child instanceof XmlElement e && Forwarding.DELAY.equals(e.namespace()) && e.name().equals("delay")
                    && ctx.host().equals(e.attribute("from"))) {
                return message;
            }
        }
        return new Message(message.element().withChild(Forwarding.delay(ctx.host(), now)), message.to(),
                message.from(), message.type());
    }

    private void refuse(Message message, BareJid owner, Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        StanzaError error;
        if (cause instanceof QuotaExceeded) {
            // XEP-0160 §3: when the store is full, the sender learns that the message was not delivered.
            error = StanzaError.of(Condition.SERVICE_UNAVAILABLE, "offline storage of " + owner + " is full");
        } else {
            log.error("Could not store an offline message for {}", owner, cause);
            error = StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "offline storage failed");
        }
        if (message.from() != null) {
            ctx.send(message.errorReply(error));
        }
    }

    /** The quota was reached. */
    private static final class QuotaExceeded extends RuntimeException {
        QuotaExceeded() {
            super("offline quota exceeded", null, false, false);
        }
    }
}
