package dev.xmppd.im.push;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes notifications to push services, at most one per registration per {@code window} while a burst lasts: the
 * first message of a burst is published at once; messages arriving within the window are counted and published
 * together when it ends (then a new window starts), so a hundred messages in a row wake the phone twice, not a
 * hundred times. Bounded: at most {@value #MAX_BURSTS} registrations in a burst at a time; beyond that a notification
 * is skipped (the next message after the bursts end notifies again).
 *
 * <p>A push service that answers with an error no longer wants our notifications (XEP-0357 §8: the server "SHOULD
 * consider the particular JID and node combination to be disabled"): the registration is removed and one line
 * logged; so does a push service that cannot be reached (the router's or the peer server's bounce is an error too).
 * A timeout keeps the registration: the service may only be slow.
 */
final class Notifier {
    static final int MAX_BURSTS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    /** Sends a publish from the account to a push service and completes with its answer. */
    interface Sender {
        CompletionStage<Iq> send(BareJid account, Jid to, XmlElement payload);
    }

    /** Runs a task after a delay. */
    interface Delay extends BiConsumer<Duration, Runnable> {
    }

    private record Key(BareJid account, String registration) {
    }

    /** Messages counted since the last publish of one registration; guarded by the map's compute. */
    private static final class Burst {
        final Registration registration;
        int count;
        Jid sender;
        String body;

        Burst(Registration registration) {
            this.registration = registration;
        }
    }

    private record Publish(BareJid account, Registration registration, int count, Jid sender, String body) {
    }

    private final Map<Key, Burst> bursts = new ConcurrentHashMap<>();
    private final Registrations registrations;
    private final Sender sender;
    private final Delay delay;
    private final Duration window;
    private final boolean includeBody;

    Notifier(Registrations registrations, Sender sender, Delay delay, Duration window, boolean includeBody) {
        this.registrations = registrations;
        this.sender = sender;
        this.delay = delay;
        this.window = window;
        this.includeBody = includeBody;
    }

    /** A waking message waits for {@code account}: notifies {@code r} now, or when its window ends. */
    void notify(BareJid account, Registration r, Message message) {
        Key key = new Key(account, r.key());
        Publish[] now = new Publish[1];
        bursts.compute(key, (k, burst) -> {
            Burst b = burst;
            if (b == null) {
                if (bursts.size() >= MAX_BURSTS) {
                    return null;
                }
                b = new Burst(r);
                now[0] = new Publish(account, r, 1, message.from(), body(message));
                return b;
            }
            b.count++;
            b.sender = message.from();
            b.body = body(message);
            return b;
        });
        if (now[0] != null) {
            publish(now[0]);
            delay.accept(window, () -> windowEnded(key));
        }
    }

    private void windowEnded(Key key) {
        Publish[] next = new Publish[1];
        bursts.computeIfPresent(key, (k, b) -> {
            if (b.count == 0) {
                return null;
            }
            next[0] = new Publish(k.account(), b.registration, b.count, b.sender, b.body);
            b.count = 0;
            return b;
        });
        if (next[0] == null) {
            return;
        }
        // The registration may have been disabled (or its options changed) during the window: XEP-0357 §5, nothing
        // goes to a service that is not enabled.
        Publish p = next[0];
        registrations.of(p.account()).whenComplete((all, failure) -> {
            Registration current = all == null ? null
                    : all.stream().filter(r -> r.key().equals(key.registration())).findFirst().orElse(null);
            if (current == null) {
                bursts.remove(key);
                return;
            }
            publish(new Publish(p.account(), current, p.count(), p.sender(), p.body()));
            delay.accept(window, () -> windowEnded(key));
        });
    }

    private String body(Message message) {
        return includeBody ? message.body() : null;
    }

    private void publish(Publish p) {
        Registration r = p.registration();
        XmlElement payload = Notification.publish(r, p.count(), p.sender(), p.body());
        sender.send(p.account(), Jid.parse(r.jid()), payload).whenComplete((answer, failure) -> {
            if (failure != null) {
                log.info("push: no answer from {} (node {}) to a notification for {}: {}", r.jid(), r.node(),
                        p.account(), failure.getMessage());
            } else if (answer.type() == IqType.ERROR) {
                disabled(p.account(), r, answer);
            }
        });
    }

    private void disabled(BareJid account, Registration r, Iq answer) {
        XmlElement error = answer.element().element(answer.element().namespace(), "error");
        XmlElement condition = error == null ? null : error.firstElement();
        registrations.remove(account, r).whenComplete((removed, failure) -> log.info(
                "push: {} answered a notification for {} with {}: push service {} (node {}) disabled (XEP-0357 §8)",
                r.jid(), account, condition == null ? "an error" : condition.name(), r.jid(), r.node()));
    }
}
