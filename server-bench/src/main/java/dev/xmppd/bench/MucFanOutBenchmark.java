package dev.xmppd.bench;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.muc.MucModuleFactory;
import dev.xmppd.muc.MucNamespaces;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MUC fan-out (XEP-0045 §7.4): one occupant of a room with {@value #OCCUPANTS} occupants sends a groupchat
 * message through the real router and {@code MucModule}; an operation ends when all {@value #OCCUPANTS} copies
 * (the sender's reflection included) reached their sessions. {@code oneMessage} sends one and waits (latency);
 * {@code pipelined} sends {@value #BATCH} before waiting (throughput), scored per message. With
 * {@code logging=true} (the default room configuration) every message is also appended to the in-memory room
 * archive, whose id is the message's stanza-id.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MucFanOutBenchmark {
    static final int OCCUPANTS = 500;
    static final int BATCH = 20;
    static final String ROOM = "coven@conference." + ServerFixture.HOST;

    @Param({"true", "false"})
    public boolean logging;

    private ServerFixture server;
    private CountingSession sender;
    private Stanza message;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new ServerFixture(List.of(new DiscoModuleFactory(), new MucModuleFactory()), OCCUPANTS);
        CountingSession owner = server.users.get(0);
        join(owner);
        // XEP-0045 §10.1.2/§10.1.3: the owner unlocks the new room with a submitted configuration form.
        server.send(owner, "<iq type='set' id='cfg' to='" + ROOM + "'><query xmlns='" + MucNamespaces.OWNER + "'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_maxusers'><value>none</value></field>"
                + "<field var='muc#roomconfig_enablelogging'><value>" + (logging ? 1 : 0) + "</value></field>"
                + "</x></query></iq>");
        awaitLast(owner, s -> s instanceof Iq iq && "cfg".equals(iq.id()) && isResult(iq));
        for (CountingSession s : server.users.subList(1, OCCUPANTS)) {
            join(s);
            // XEP-0045 §7.2.15: the subject comes last, after the presences and the history.
            awaitLast(s, st -> st instanceof Message m && m.element().element(m.element().namespace(), "subject")
                    != null);
        }
        sender = server.users.get(OCCUPANTS / 2);
        message = ClientXml.stanza("<message to='" + ROOM + "' type='groupchat' id='g1'>"
                + "<body>Harpier cries: 'tis time, 'tis time.</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        oneMessage();
        Stanza received = server.users.get(OCCUPANTS - 1).last();
        if (!(received instanceof Message m) || m.body() == null
                || m.element().element(MucNamespaces.STANZA_ID, "stanza-id") == null) {
            throw new IllegalStateException("occupant received " + received + " (expected: the groupchat message)");
        }
    }

    private void join(CountingSession s) throws Exception {
        server.send(s, "<presence to='" + ROOM + "/" + s.jid().local() + "'><x xmlns='" + MucNamespaces.MUC + "'>"
                + "<history maxstanzas='0'/></x></presence>");
    }

    private static boolean isResult(Iq iq) {
        return iq.element().attribute("type").equals("result");
    }

    /** Setup only: waits until the session's last stanza matches (the room works on its own threads). */
    private static void awaitLast(CountingSession s, Predicate<Stanza> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(s.last())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s.jid() + " last received " + s.last());
            }
            LockSupport.parkNanos(100_000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public void oneMessage() throws Exception {
        CountDownLatch all = server.deliveries.expect(OCCUPANTS);
        server.router.routeFromClient(sender, message);
        Deliveries.await(all);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pipelined() throws Exception {
        CountDownLatch all = server.deliveries.expect(OCCUPANTS * BATCH);
        for (int i = 0; i < BATCH; i++) {
            server.router.routeFromClient(sender, message);
        }
        Deliveries.await(all);
    }
}
