package dev.xmppd.bench;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.im.ping.PingModuleFactory;
import dev.xmppd.im.presence.PresenceModuleFactory;
import dev.xmppd.im.roster.RosterModuleFactory;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's cost per stanza from a bound client (RFC 6121 §8.5 delivery rules), with the modules disco, ping,
 * roster and presence on in-memory storage and 1000 bound, available sessions that only count deliveries. No
 * network and no encoding: this is {@code StanzaRouter.routeFromClient} up to {@code Session.deliver}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    static final int USERS = 1000;

    private ServerFixture server;
    private CountingSession romeo;
    private CountingSession juliet;
    private Stanza toFullJid;
    private Stanza toBareJid;
    private Stanza ping;
    private long deliveredBefore;
    private long sent;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new ServerFixture(List.of(new DiscoModuleFactory(), new PingModuleFactory(),
                new RosterModuleFactory(), new PresenceModuleFactory()), USERS);
        romeo = server.users.get(0);
        juliet = server.users.get(USERS / 2);
        toFullJid = ClientXml.stanza("<message type='chat' id='m1' to='" + juliet.jid() + "'>"
                + "<body>Art thou not Romeo, and a Montague?</body></message>");
        toBareJid = ClientXml.stanza("<message type='chat' id='m2' to='" + juliet.jid().bare() + "'>"
                + "<body>Neither, fair saint, if either thee dislike.</body></message>");
        ping = ClientXml.stanza("<iq type='get' id='p1' to='" + ServerFixture.HOST + "'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        check(toFullJid, juliet, Message.class);
        check(toBareJid, juliet, Message.class);
        check(ping, romeo, Iq.class);
        deliveredBefore = server.deliveries.total();
    }

    /** Fails the run if a stanza does not reach the session it should (a misconfigured benchmark measures nothing). */
    private void check(Stanza stanza, CountingSession recipient, Class<? extends Stanza> type) throws Exception {
        server.send(romeo, stanza);
        if (!type.isInstance(recipient.last()) || recipient.last().element().element(
                recipient.last().element().namespace(), "error") != null) {
            throw new IllegalStateException("routing " + stanza + " delivered " + recipient.last()
                    + " to " + recipient.jid());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long delivered = server.deliveries.total() - deliveredBefore;
        server.close();
        if (delivered != sent) {
            throw new IllegalStateException("delivered: " + delivered + " (expected: " + sent + ")");
        }
    }

    @Benchmark
    public CompletionStage<Void> messageToFullJid() {
        sent++;
        return server.router.routeFromClient(romeo, toFullJid);
    }

    @Benchmark
    public CompletionStage<Void> messageToBareJid() {
        sent++;
        return server.router.routeFromClient(romeo, toBareJid);
    }

    @Benchmark
    public CompletionStage<Void> pingServer() {
        sent++;
        return server.router.routeFromClient(romeo, ping);
    }
}
