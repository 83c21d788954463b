package dev.xmppd.c2s.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The XEP-0124 request discipline of {@link BoshSession} on a {@link BoshChannel}, single-threaded on an
 * {@link EmbeddedChannel}'s event loop with its clock frozen. The stream is played by a handler that answers a
 * stream open with features, echoes every element, and ends on a close or on {@code <fail/>} with a stream error.
 */
class BoshSessionTest {
    private static final int WAIT = 30;
    private static final int INACTIVITY = 60;
    private static final int RATE = 10_000;

    private EmbeddedChannel http;
    private BoshSession session;
    private boolean ended;

    @BeforeEach
    void start() {
        http = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        http.freezeTime();
        session = new BoshSession("s1", "example.com", true, WAIT, 1, INACTIVITY, true, 100,
                new InetSocketAddress("127.0.0.1", 5281), new InetSocketAddress("127.0.0.1", 40000), RATE,
                () -> ended = true);
        BoshChannel ch = session.channel();
        http.eventLoop().register(ch);
        ch.pipeline().addLast(new BoshFraming(session), new EchoStream());
    }

    @AfterEach
    void stop() {
        session.channel().close();
        http.runPendingTasks();
        http.finishAndReleaseAll();
    }

    @Test
    void theCreationResponseCarriesTheSessionAttributesAndTheFeatures() {
        BoshExchange create = exchange();

        session.start(create, body("<body xmlns='" + BoshSession.NS + "' rid='100' to='example.com' ack='1'/>"));
        List<String> answers = answers();

        assertThat(answers).containsExactly("<body xmlns='http://jabber.org/protocol/httpbind' xmlns:stream="
                + "'http://etherx.jabber.org/streams' sid='s1' wait='30' requests='2' hold='1' inactivity='60' "
                + "polling='2' ver='1.11' from='example.com' secure='true' authid='id1' xmlns:xmpp='urn:xmpp:xbosh' "
                + "xmpp:version='1.0' xmpp:restartlogic='true' ack='100'><stream:features xmlns:stream="
                + "'http://etherx.jabber.org/streams'/></body>");
    }

    @Test
    void requestsAreHandledInRidOrderAndEachNewOneAnswersTheHeldOne() {
        created();

        request(payload(102, "<b xmlns='urn:test'/>"), 102, 100);
        request(payload(101, "<a xmlns='urn:test'/>"), 101, 100);
        List<String> answers = answers();

        // 101 is handled first and held; 102 makes it answer with what 101 caused, acknowledging 102 (§9.1)
        assertThat(answers).containsExactly("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams' ack='102'><a xmlns='urn:test'/></body>",
                "<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams'><b xmlns='urn:test'/></body>");
    }

    @Test
    void aRepeatedRidGetsTheSameAnswerAndOneOutsideTheWindowEndsTheSession() {
        created();
        request(payload(101, "<a xmlns='urn:test'/>"), 101, 100);
        String first = answers().get(0);

        request(payload(101, "<a xmlns='urn:test'/>"), 101, 100);
        String repeated = answers().get(0);
        request(payload(104, ""), 104, 100);
        List<String> beyond = answers();

        assertThat(repeated).isEqualTo(first).contains("<a xmlns='urn:test'/>");
        assertThat(beyond).contains("<body xmlns='http://jabber.org/protocol/httpbind' type='terminate' "
                + "condition='item-not-found'/>");
        assertThat(ended).isTrue();
    }

    @Test
    void aHeldRequestIsAnsweredEmptyAfterWaitAndTheSessionEndsAfterInactivity() {
        created();
        request(payload(101, ""), 101, 100);

        http.advanceTimeBy(WAIT, TimeUnit.SECONDS);
        http.runScheduledPendingTasks();
        List<String> afterWait = answers();
        http.advanceTimeBy(INACTIVITY, TimeUnit.SECONDS);
        http.runScheduledPendingTasks();
        http.runPendingTasks();

        assertThat(afterWait).containsExactly(empty());
        assertThat(session.channel().isOpen()).isFalse();
        assertThat(ended).isTrue();
    }

    @Test
    void aClientTerminateIsAnsweredWithTheEndOfTheStreamNotWithWaitingOutput() {
        created();
        request(payload(101, "<a xmlns='urn:test'/>"), 101, 100);
        answers();

        request(body("<body xmlns='" + BoshSession.NS + "' rid='102' sid='s1' type='terminate'>"
                + "<bye xmlns='urn:test'/></body>"), 102, 100);
        List<String> answers = answers();

        assertThat(answers).containsExactly("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams' type='terminate'><bye xmlns='urn:test'/></body>");
        assertThat(ended).isTrue();
    }

    @Test
    void aStreamErrorIsARemoteStreamErrorWithTheErrorInside() {
        created();

        request(payload(101, "<fail xmlns='urn:test'/>"), 101, 100);
        List<String> answers = answers();

        assertThat(answers).containsExactly("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams' type='terminate' condition='remote-stream-error'>"
                + "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
                + "</body>");
        assertThat(ended).isTrue();
    }

    @Test
    void requestsBeyondTheRateWaitUntilTheBudgetAllowsThem() {
        created();

        // Execute system under test: a second's worth passes at once, the next 10,000 bytes wait a second
        request(payload(101, "<a xmlns='urn:test'/>"), 101, RATE);
        List<String> first = answers();
        request(payload(102, "<b xmlns='urn:test'/>"), 102, RATE);
        List<String> atOnce = answers();
        http.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        http.runScheduledPendingTasks();
        List<String> halfASecond = answers();
        http.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        http.runScheduledPendingTasks();
        List<String> aSecond = answers();

        // Verify results: each request is answered with its echo once it is handled
        assertThat(first).singleElement().satisfies(a -> assertThat(a).contains("<a xmlns='urn:test'/>"));
        assertThat(atOnce).isEmpty();
        assertThat(halfASecond).isEmpty();
        assertThat(aSecond).singleElement().satisfies(a -> assertThat(a).contains("<b xmlns='urn:test'/>"));
    }

    @Test
    void outputWaitsForTheNextRequestWhenNoneIsHeld() {
        created();
        request(payload(101, ""), 101, 100);
        http.advanceTimeBy(WAIT, TimeUnit.SECONDS);
        http.runScheduledPendingTasks();
        answers();

        session.channel().writeAndFlush(XmlElement.empty("urn:test", "pushed"));
        http.runPendingTasks();
        List<String> whileNoneHeld = answers();
        request(payload(102, ""), 102, 100);
        List<String> next = answers();

        assertThat(whileNoneHeld).isEmpty();
        assertThat(next).containsExactly("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams'><pushed xmlns='urn:test'/></body>");
    }

    /** A session whose creation request was answered. */
    private void created() {
        session.start(exchange(), body("<body xmlns='" + BoshSession.NS + "' rid='100' to='example.com'/>"));
        answers();
    }

    /** A request of {@code bytes} on the wire, on a new exchange. */
    private void request(XmlElement body, long rid, int bytes) {
        session.request(exchange(), body, rid, bytes);
    }

    private BoshExchange exchange() {
        return new BoshExchange(http.pipeline().firstContext(), true);
    }

    private List<String> answers() {
        http.runPendingTasks();
        List<String> out = new ArrayList<>();
        FullHttpResponse r;
        while ((r = http.readOutbound()) != null) {
            out.add(r.content().toString(StandardCharsets.UTF_8));
            r.release();
        }
        return out;
    }

    private static XmlElement payload(long rid, String children) {
        return body("<body xmlns='" + BoshSession.NS + "' rid='" + rid + "' sid='s1'>" + children + "</body>");
    }

    private static XmlElement body(String xml) {
        return XmlParser.parse(xml);
    }

    private static String empty() {
        return "<body xmlns='http://jabber.org/protocol/httpbind' xmlns:stream='http://etherx.jabber.org/streams'/>";
    }

    /** Plays the client stream handler. */
    private static final class EchoStream extends ChannelInboundHandlerAdapter {
        private int streams;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof StreamOpen) {
                streams++;
                ctx.write(new StreamOpen(Namespaces.CLIENT, null, "example.com", "id" + streams, "1.0", "en", false));
                ctx.writeAndFlush(XmlElement.empty(Namespaces.STREAM, "features"));
            } else if (msg == StreamClose.INSTANCE) {
                ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
            } else if (msg instanceof XmlElement e && e.name().equals("fail")) {
                ctx.write(new StreamError(StreamErrorCondition.POLICY_VIOLATION, null));
                ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
            } else if (msg instanceof XmlElement e) {
                ctx.writeAndFlush(e);
            }
        }
    }
}
