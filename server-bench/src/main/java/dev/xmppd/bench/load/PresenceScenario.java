package dev.xmppd.bench.load;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * (D) Presence fan-out: {@code --users} accounts whose rosters {@link BulkAccounts} filled with mutual
 * subscriptions to their neighbours on a ring. Phase 1 logs everyone in with initial presence and waits until
 * each saw every contact's presence (broadcast or probe answer, RFC 6121 §4.2–4.3). Phase 2 is a closed loop:
 * each user sends a presence update carrying its index and the send time, and sends the next one when the
 * server's copy to its own resource comes back (RFC 6121 §4.4.2); the copies its contacts receive are counted and
 * timed.
 *
 * <pre>
 * C: &lt;presence&gt;&lt;status&gt;7 81234567890&lt;/status&gt;&lt;/presence&gt;
 * </pre>
 */
final class PresenceScenario {
    private final LoadOptions o;
    private final Connector connector;
    private final Latencies latencies = new Latencies(20_000_000);
    private final AtomicLong presences = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private volatile boolean looping;
    private volatile boolean measuring;
    private volatile boolean stopped;

    PresenceScenario(LoadOptions o, Connector connector) {
        this.o = o;
        this.connector = connector;
    }

    String run() throws InterruptedException {
        int[] ids = IntStream.range(o.offset(), o.offset() + o.users()).toArray();
        long start = System.nanoTime();
        Connector.Logins r = connector.logIn(ids, true, true, new Latencies(ids.length), listener());
        if (r.ready().size() != ids.length) {
            r.ready().forEach(XmppClient::close);
            return "error=logins ready=" + r.ready().size() + LoadMain.failure(r);
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        long expected = (long) o.users() * (o.contacts() + 1); // every contact, plus the own presence
        while (presences.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long onlineNanos = System.nanoTime() - start;
        long initial = presences.get();
        looping = true;
        r.ready().forEach(this::update);
        TimeUnit.SECONDS.sleep(o.warmupSeconds());
        delivered.set(0);
        updates.set(0);
        measuring = true;
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(o.seconds());
        measuring = false;
        long nanos = System.nanoTime() - t0;
        stopped = true;
        r.ready().forEach(XmppClient::close);
        double[] p = latencies.percentilesMillis(0.5, 0.99, 0.999);
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, "users=%d online_seconds=%.2f initial_presences=%d expected=%d"
                + " updates_per_s=%.0f deliveries_per_s=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f", o.users(),
                onlineNanos / 1e9, initial, expected, updates.get() / s, delivered.get() / s, p[0], p[1], p[2]);
    }

    private void update(XmppClient c) {
        if (!stopped) {
            c.send("<presence><status>" + c.index() + " " + System.nanoTime() + "</status></presence>");
        }
    }

    private XmppClient.Listener listener() {
        return new XmppClient.Listener() {
            @Override
            public void ready(XmppClient client) {
            }

            @Override
            public void failed(XmppClient client, String reason) {
                if (!stopped) {
                    System.err.println("PresenceScenario: user" + client.index() + " lost: " + reason);
                }
            }

            @Override
            public void presence(XmppClient client, String startTag) {
                if (!looping) {
                    presences.incrementAndGet();
                }
            }

            @Override
            public void status(XmppClient client, String text) {
                int space = text.indexOf(' ');
                if (Integer.parseInt(text.substring(0, space)) == client.index()) {
                    if (measuring) {
                        updates.incrementAndGet();
                    }
                    update(client);
                } else if (measuring) {
                    delivered.incrementAndGet();
                    latencies.record(System.nanoTime() - Long.parseLong(text.substring(space + 1)));
                }
            }
        };
    }
}
