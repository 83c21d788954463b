package dev.xmppd.app.it;

import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An external component (XEP-0114) over a real socket, for ITs (Smack has no component API): it writes XML as
 * given and reads the server's stream with the server's own decoder on a reader thread, so tests assert on
 * elements. Written from the XEP, not from the server's code: the handshake digest is computed here.
 *
 * <pre>
 * try (TestComponent gw = TestComponent.connect(port, "gw.localhost", "secret")) {
 *     gw.send("&lt;message from='bot@gw.localhost' to='alice@localhost'&gt;...");
 *     XmlElement in = gw.next();
 * }
 * </pre>
 */
public final class TestComponent implements AutoCloseable {
    /** Put on the queue when the server closes the connection. */
    private static final Object CLOSED = new Object();
    /** Long enough for a federation link to be set up on the way (dialback both ways). */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Object> in = new LinkedBlockingQueue<>();

    private TestComponent(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "test-component-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens a stream for {@code domain} and completes the handshake, or fails with what the server answered. */
    public static TestComponent connect(int port, String domain, String secret) throws Exception {
        TestComponent c = open(port, domain);
        Object header = c.poll();
        if (!(header instanceof StreamOpen open)) {
            c.close();
            throw new AssertionError("expected a stream header, got " + header);
        }
        c.send("<handshake>" + digest(open.id() + secret) + "</handshake>");
        XmlElement answer = c.next();
        if (!answer.is(Namespaces.COMPONENT, "handshake")) {
            c.close();
            throw new AssertionError("expected <handshake/>, got " + answer.toXml());
        }
        return c;
    }

    /** Sends the stream header only. */
    public static TestComponent open(int port, String domain) throws IOException {
        TestComponent c = new TestComponent(port);
        c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "'>");
        return c;
    }

    public static String digest(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next thing the server sent: a StreamOpen, an XmlElement, StreamClose (or a StreamError for bad XML). */
    public Object poll() throws InterruptedException {
        Object o = in.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new AssertionError("nothing from the server within " + WAIT);
        }
        return o;
    }

    /** The next element the server sent. */
    public XmlElement next() throws InterruptedException {
        Object o = poll();
        if (!(o instanceof XmlElement e)) {
            throw new AssertionError("expected an element, got " + (o == CLOSED ? "the connection closed" : o));
        }
        return e;
    }

    /** The condition of the stream error the server sends next, after which it must close the connection. */
    public String streamError() throws InterruptedException {
        String condition = null;
        for (Object o = poll(); o != CLOSED; o = poll()) {
            if (o instanceof XmlElement e && e.is(Namespaces.STREAM, "error")) {
                condition = e.elements().get(0).name();
            }
        }
        return condition;
    }

    private void read() {
        EmbeddedChannel decoder = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.COMPONENT));
        try (InputStream stream = socket.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = stream.read(buf)) != -1; ) {
                decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                for (Object o; (o = decoder.readInbound()) != null; ) {
                    in.add(o);
                }
            }
        } catch (IOException e) {
            // closed by us or reset by the server: either way the stream is over
        } finally {
            decoder.finishAndReleaseAll();
            in.add(CLOSED);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
