package dev.xmppd.bench;

import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bytes for one groupchat message broadcast to {@value #RECIPIENTS} recipients (the MUC fan-out, XEP-0045
 * §7.4), per recipient:
 * <ul>
 *   <li>{@code sameElement}: the one element's {@code toBytes()} each time, the cache's best case (no per-recipient
 *       {@code to});</li>
 *   <li>{@code withToPerRecipient}: {@code withAttribute("to", r).toBytes()}, what the server does today: the copy
 *       shares the children but not the cached bytes, so the whole element is written again;</li>
 *   <li>{@code fromScratch}: the element built anew for each recipient and written, no sharing at all;</li>
 *   <li>{@code cachedChildrenPrototype}: only the start tag written per recipient, the children's cached bytes
 *       copied behind it; a sketch of a possible {@code XmlWriter} change, checked equal to {@code toBytes()}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BroadcastSerializationBenchmark {
    static final int RECIPIENTS = 500;

    private XmlElement message;
    private String[] recipients;

    @Setup(Level.Trial)
    public void setUp() {
        message = build();
        recipients = new String[RECIPIENTS];
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients[i] = "user" + i + "@example.com/r" + i;
        }
        byte[] expected = message.withAttribute("to", recipients[7]).toBytes();
        if (!Arrays.equals(expected, withCachedChildren(message, recipients[7]))
                || !Arrays.equals(expected, build().withAttribute("to", recipients[7]).toBytes())) {
            throw new IllegalStateException("serializations differ: " + new String(expected, StandardCharsets.UTF_8));
        }
    }

    private static XmlElement build() {
        return ClientXml.element("<message from='coven@conference.example.com/thirdwitch' type='groupchat'"
                + " id='g1' xml:lang='en'><body>Harpier cries: 'tis time, 'tis time. &amp; \u00c7a va?</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603deec90a38ba552f7c68cbcc61bca202cd'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad'"
                + " by='coven@conference.example.com'/></message>");
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void sameElement(Blackhole bh) {
        for (int i = 0; i < RECIPIENTS; i++) {
            bh.consume(message.toBytes());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void withToPerRecipient(Blackhole bh) {
        for (String to : recipients) {
            bh.consume(message.withAttribute("to", to).toBytes());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void fromScratch(Blackhole bh) {
        for (String to : recipients) {
            XmlElement.Builder b = XmlElement.builder(message.namespace(), message.name());
            for (int a = 0; a < message.attributeCount(); a++) {
                b.attribute(message.attributeName(a), message.attributeValue(a));
            }
            for (XmlNode child : message.children()) {
                b.child(child instanceof XmlElement e ? copy(e) : child);
            }
            bh.consume(b.attribute("to", to).build().toBytes());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECIPIENTS)
    public void cachedChildrenPrototype(Blackhole bh) {
        for (String to : recipients) {
            bh.consume(withCachedChildren(message, to));
        }
    }

    /** A deep copy, so no cached bytes are reused. */
    private static XmlElement copy(XmlElement e) {
        XmlElement.Builder b = XmlElement.builder(e.namespace(), e.name());
        for (int a = 0; a < e.attributeCount(); a++) {
            b.attribute(e.attributeName(a), e.attributeValue(a));
        }
        for (XmlNode child : e.children()) {
            b.child(child instanceof XmlElement c ? copy(c) : child);
        }
        return b.build();
    }

    /**
     * The start tag with {@code to} is written; the children's own cached bytes follow. Valid because a child in
     * the stanza namespace is written without xmlns either way, and any other child declares its namespace.
     */
    private static byte[] withCachedChildren(XmlElement message, String to) {
        XmlElement.Builder head = XmlElement.builder(message.namespace(), message.name());
        for (int a = 0; a < message.attributeCount(); a++) {
            head.attribute(message.attributeName(a), message.attributeValue(a));
        }
        byte[] start = head.attribute("to", to).build().toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(start.length + 512);
        out.write(start, 0, start.length - 2); // drop "/>"
        out.write('>');
        for (XmlElement child : message.elements()) {
            byte[] b = child.toBytes();
            out.write(b, 0, b.length);
        }
        out.writeBytes(("</" + message.name() + ">").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
