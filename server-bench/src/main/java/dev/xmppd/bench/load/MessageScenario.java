package dev.xmppd.bench.load;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * (C) 1:1 chat messages between {@code --pairs} pairs: account {@code offset + 2i} sends to the full JID of
 * {@code offset + 2i + 1}. Closed loop ({@code --rate 0}): each sender has one message in flight and sends the
 * next when its partner received the last. Open loop: {@code --rate} messages per second in total, spread over
 * the senders every millisecond, whatever the latency. The body carries the pair and the send time.
 *
 * <pre>
 * C: &lt;message to='user1@localhost/r' type='chat'&gt;&lt;body&gt;0 81234567890&lt;/body&gt;&lt;/message&gt;
 * </pre>
 */
final class MessageScenario {
    private final LoadOptions o;
    private final Connector connector;
    private final Latencies latencies = new Latencies(20_000_000);
    private final AtomicLong delivered = new AtomicLong();
    private XmppClient[] senders;
    private String[] to;
    private volatile boolean measuring;
    private volatile boolean stopped;

    MessageScenario(LoadOptions o, Connector connector) {
        this.o = o;
        this.connector = connector;
    }

    String run() throws InterruptedException {
        int[] ids = IntStream.range(o.offset(), o.offset() + 2 * o.pairs()).toArray();
        Connector.Logins r = connector.logIn(ids, true, true, new Latencies(ids.length), listener());
        if (r.ready().size() != ids.length) {
            r.ready().forEach(XmppClient::close);
            return "error=logins ready=" + r.ready().size() + LoadMain.failure(r);
        }
        senders = new XmppClient[o.pairs()];
        to = new String[o.pairs()];
        for (XmppClient c : r.ready()) {
            int i = c.index() - o.offset();
            if (i % 2 == 0) {
                senders[i / 2] = c;
            } else {
                to[i / 2] = c.jid();
            }
        }
        List<ScheduledFuture<?>> tickers = o.rate() > 0 ? openLoop() : List.of();
        if (tickers.isEmpty()) {
            for (int p = 0; p < o.pairs(); p++) {
                send(p);
            }
        }
        TimeUnit.SECONDS.sleep(o.warmupSeconds());
        CpuMeter cpu = new CpuMeter(o.serverPid());
        cpu.start();
        measuring = true;
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(o.seconds());
        measuring = false;
        long nanos = System.nanoTime() - start;
        cpu.stop();
        stopped = true;
        tickers.forEach(t -> t.cancel(false));
        r.ready().forEach(XmppClient::close);
        double[] p = latencies.percentilesMillis(0.5, 0.99, 0.999);
        return String.format(Locale.ROOT, "pairs=%d mode=%s delivered=%d seconds=%.1f msgs_per_s=%.0f p50_ms=%.3f"
                + " p99_ms=%.3f p999_ms=%.3f%s", o.pairs(), o.rate() > 0 ? "open@" + o.rate() : "closed",
                delivered.get(), nanos / 1e9, delivered.get() / (nanos / 1e9), p[0], p[1], p[2],
                cpu.perOp("msg", delivered.get()));
    }

    private void send(int pair) {
        if (!stopped) {
            senders[pair].send("<message to='" + to[pair] + "' type='chat'><body>" + pair + " " + System.nanoTime()
                    + "</body></message>");
        }
    }

    /**
     * One ticker per event loop for the pairs whose sender runs on it (the rate shared in proportion), so that a
     * send never waits for another thread to pick it up: what is measured is the server, not a hand-over here.
     */
    private List<ScheduledFuture<?>> openLoop() {
        Map<EventLoop, List<Integer>> byLoop = new LinkedHashMap<>();
        for (int p = 0; p < o.pairs(); p++) {
            byLoop.computeIfAbsent(senders[p].eventLoop(), l -> new ArrayList<>()).add(p);
        }
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        long start = System.nanoTime();
        byLoop.forEach((loop, pairs) -> {
            long rate = Math.max(1, o.rate() * pairs.size() / o.pairs());
            long[] sent = {0};
            int[] next = {0};
            tickers.add(loop.scheduleAtFixedRate(() -> {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L - sent[0];
                for (long k = 0; k < due; k++) {
                    send(pairs.get(next[0]));
                    next[0] = (next[0] + 1) % pairs.size();
                }
                sent[0] += Math.max(0, due);
            }, 1, 1, TimeUnit.MILLISECONDS));
        });
        return tickers;
    }

    private XmppClient.Listener listener() {
        return new XmppClient.Listener() {
            @Override
            public void ready(XmppClient client) {
            }

            @Override
            public void failed(XmppClient client, String reason) {
                if (!stopped) {
                    System.err.println("MessageScenario: user" + client.index() + " lost: " + reason);
                }
            }

            @Override
            public void body(XmppClient client, String text) {
                int space = text.indexOf(' ');
                long sentAt = Long.parseLong(text.substring(space + 1));
                if (measuring) {
                    latencies.record(System.nanoTime() - sentAt);
                    delivered.incrementAndGet();
                }
                if (o.rate() == 0) {
                    send(Integer.parseInt(text.substring(0, space)));
                }
            }
        };
    }
}
