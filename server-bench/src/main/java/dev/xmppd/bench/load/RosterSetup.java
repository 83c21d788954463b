package dev.xmppd.bench.load;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * (S) Set-up for scenario D on a server whose storage the bench cannot write (ejabberd's Mnesia): the same ring
 * rosters as {@link BulkAccounts} makes for xmppd, built with ordinary presence subscriptions (RFC 6121 §3). Every
 * user, online with initial presence, sends {@code subscribe} to each of its {@code --contacts} neighbours on the
 * ring; every user approves each request it receives. The ring is symmetric, so each pair ends with a mutual
 * subscription ({@code both}). Done when every user received an approval from each contact, or at the timeout.
 *
 * <pre>
 * C: &lt;presence to='user1@localhost' type='subscribe'/&gt;        (user0)
 * S: &lt;presence from='user0@localhost' type='subscribe' .../&gt;  (to user1)
 * C: &lt;presence to='user0@localhost' type='subscribed'/&gt;       (user1)
 * </pre>
 */
final class RosterSetup {
    private final LoadOptions o;
    private final Connector connector;
    private final AtomicLong approvals = new AtomicLong();

    RosterSetup(LoadOptions o, Connector connector) {
        this.o = o;
        this.connector = connector;
    }

    String run() throws InterruptedException {
        if (o.contacts() % 2 != 0 || o.contacts() >= o.users()) {
            throw new IllegalArgumentException("contacts: " + o.contacts() + " (expected: even and < users "
                    + o.users() + ")");
        }
        int[] ids = IntStream.range(o.offset(), o.offset() + o.users()).toArray();
        long start = System.nanoTime();
        Connector.Logins r = connector.logIn(ids, true, true, new Latencies(ids.length), listener());
        if (r.ready().size() != ids.length) {
            r.ready().forEach(XmppClient::close);
            return "error=logins ready=" + r.ready().size() + LoadMain.failure(r);
        }
        for (XmppClient c : r.ready()) {
            int u = c.index() - o.offset();
            for (int d = 1; d <= o.contacts() / 2; d++) {
                for (int v : new int[] {(u + d) % o.users(), (u - d + o.users()) % o.users()}) {
                    c.send("<presence to='" + o.userPrefix() + (o.offset() + v) + "@" + o.domain()
                            + "' type='subscribe'/>");
                }
            }
        }
        long expected = (long) o.users() * o.contacts();
        long deadline = start + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        while (approvals.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long nanos = System.nanoTime() - start;
        r.ready().forEach(XmppClient::close);
        String error = approvals.get() < expected ? "error=approvals " : "";
        return String.format(Locale.ROOT, "%susers=%d contacts=%d approvals=%d expected=%d seconds=%.2f", error,
                o.users(), o.contacts(), approvals.get(), expected, nanos / 1e9);
    }

    private XmppClient.Listener listener() {
        return new XmppClient.Listener() {
            @Override
            public void ready(XmppClient client) {
            }

            @Override
            public void failed(XmppClient client, String reason) {
                System.err.println("RosterSetup: user" + client.index() + " lost: " + reason);
            }

            @Override
            public void presence(XmppClient client, String startTag) {
                String type = attribute(startTag, "type");
                String from = attribute(startTag, "from");
                if ("subscribe".equals(type) && from != null) {
                    int slash = from.indexOf('/');
                    client.send("<presence to='" + (slash < 0 ? from : from.substring(0, slash))
                            + "' type='subscribed'/>");
                } else if ("subscribed".equals(type)) {
                    approvals.incrementAndGet();
                }
            }
        };
    }

    /** The value of an attribute in a start tag, quoted with ' or "; null when absent. No entity decoding. */
    static String attribute(String startTag, String name) {
        int i = 0;
        while ((i = startTag.indexOf(name + "=", i)) >= 0) {
            boolean boundary = i > 0 && Character.isWhitespace(startTag.charAt(i - 1));
            int q = i + name.length() + 1;
            if (boundary && q < startTag.length()) {
                char quote = startTag.charAt(q);
                int end = startTag.indexOf(quote, q + 1);
                if ((quote == '\'' || quote == '"') && end > q) {
                    return startTag.substring(q + 1, end);
                }
            }
            i = q;
        }
        return null;
    }
}
