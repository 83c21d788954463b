package dev.xmppd.core.stream;

import static dev.xmppd.core.stream.DecoderHarness.HEADER;
import static dev.xmppd.core.stream.DecoderHarness.bytewise;
import static dev.xmppd.core.stream.DecoderHarness.decode;
import static dev.xmppd.core.stream.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each limit: exactly at the limit is accepted, one over is a policy-violation naming the limit. */
class XmppStreamDecoderLimitsTest {
    private static final StreamLimits LIMITS = new StreamLimits(1024, 4, 5, 512);

    @Test
    void stanzaBytes() {
        String exact = stanzaOfBytes(1024);
        String over = stanzaOfBytes(1025);

        assertThat(utf8(exact)).hasSize(1024);
        assertAccepted(HEADER + exact + "<presence/>", 3);
        assertRejected(HEADER + over + "<presence/>", "maxStanzaBytes", 1);
    }

    @Test
    void stanzaBytesCountMultiByteCharactersAsBytes() {
        String exact = stanzaOfBytes(1020).replace("xxxx", "😀");

        assertThat(utf8(exact)).hasSize(1020);
        assertAccepted(HEADER + exact, 2);
    }

    @Test
    void anOpenStartTagCountsToo() {
        String longTag = "<message to='" + "x".repeat(2000);

        assertRejected(HEADER + longTag, "maxStanzaBytes", 1);
    }

    @Test
    void hugeStanzaIsRejectedAsSoonAsTheLimitIsCrossed() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        List<Object> out = new ArrayList<>();
        ch.writeInbound(Unpooled.wrappedBuffer(utf8(HEADER + "<message><body>")));
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');

        int written = 0;
        while (out.size() < 2 && written < 160) {
            ch.writeInbound(Unpooled.wrappedBuffer(block));
            written++;
            DecoderHarness.drain(ch, out);
        }
        ByteBuf after = Unpooled.wrappedBuffer(block);
        ch.writeInbound(after);
        DecoderHarness.drain(ch, out);

        // <message><body> (15 bytes) and four 64 KiB blocks are 256 KiB + 15: the fourth block crosses the limit.
        assertThat(written).isEqualTo(4);
        assertThat(out).hasSize(2);
        assertPolicyViolation(out.get(1), "maxStanzaBytes");
        assertThat(after.refCnt()).isZero();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void hugeStanzaInOneBufferIsRejectedWithinAChunk() {
        byte[] input = utf8(HEADER + "<message><body>" + "a".repeat(10 * 1024 * 1024));

        List<Object> out = decode(input);

        assertThat(out).hasSize(2);
        assertPolicyViolation(out.get(1), "maxStanzaBytes");
        // Rejected at the first check past 256 KiB (checks come every 16 KiB), not after reading 10 MB.
        long reported = Long.parseLong(((StreamError) out.get(1)).text().replaceAll("maxStanzaBytes: (\\d+).*",
                "$1"));
        assertThat(reported).isBetween(256L * 1024, 256L * 1024 + 16 * 1024);
    }

    @Test
    void depth() {
        assertAccepted(HEADER + "<message><a><b><c/></b></a></message>", 2);
        assertRejected(HEADER + "<message><a><b><c><d/></c></b></a></message>", "maxDepth", 1);
    }

    @Test
    void attributesCountNamespaceDeclarations() {
        assertAccepted(HEADER + "<message a='1' b='2' c='3' d='4' e='5'/>", 2);
        assertAccepted(HEADER + "<message><x xmlns='urn:x' xmlns:y='urn:y' a='1' b='2' y:c='3'/></message>", 2);
        assertRejected(HEADER + "<message a='1' b='2' c='3' d='4' e='5' f='6'/>", "maxAttributes", 1);
        assertRejected(HEADER + "<message><x xmlns='urn:x' xmlns:y='urn:y' a='1' b='2' c='3' y:d='4'/></message>",
                "maxAttributes", 1);
    }

    @Test
    void headerBytes() {
        String exact = headerOfBytes(512);
        String over = headerOfBytes(513);

        assertThat(utf8(exact)).hasSize(512);
        assertAccepted(exact + "<presence/>", 2);
        assertRejected(over + "<presence/>", "maxHeaderBytes", 0);
    }

    @Test
    void endlessHeaderIsRejectedEarly() {
        List<Object> out = decode(LIMITS, utf8("<?xml version='1.0'?>"), utf8("<stream:stream id='"),
                utf8("x".repeat(600)), utf8("x".repeat(100_000)));

        assertThat(out).hasSize(1);
        assertPolicyViolation(out.get(0), "maxHeaderBytes");
    }

    @Test
    void longWhitespaceBetweenStanzasIsNotAStanza() {
        assertAccepted(HEADER + " ".repeat(5000) + "<presence/>" + "\n".repeat(5000) + "<presence/>", 3);
    }

    /** A {@code <message><body>xxx…</body></message>} of exactly {@code bytes} bytes. */
    private static String stanzaOfBytes(int bytes) {
        String empty = "<message><body></body></message>";
        return "<message><body>" + "x".repeat(bytes - empty.length()) + "</body></message>";
    }

    /** {@link DecoderHarness#HEADER} padded by an {@code id} to exactly {@code bytes} bytes. */
    private static String headerOfBytes(int bytes) {
        String base = HEADER.replace(" version=", " id='' version=");
        return base.replace("id=''", "id='" + "i".repeat(bytes - base.length()) + "'");
    }

    private static void assertAccepted(String input, int messages) {
        List<Object> whole = decode(LIMITS, utf8(input));
        assertThat(whole).hasSize(messages).noneMatch(m -> m instanceof StreamError);
        assertThat(decode(LIMITS, bytewise(utf8(input)))).isEqualTo(whole);
    }

    private static void assertRejected(String input, String limit, int before) {
        for (List<Object> out : List.of(decode(LIMITS, utf8(input)), decode(LIMITS, bytewise(utf8(input))))) {
            assertThat(out).hasSize(before + 1);
            assertPolicyViolation(out.get(before), limit);
            assertThat(out.subList(0, before)).noneMatch(m -> m instanceof XmlElement e && e.name().equals("presence"));
        }
    }

    private static void assertPolicyViolation(Object message, String limit) {
        assertThat(message).isInstanceOfSatisfying(StreamError.class, e -> {
            assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
            assertThat(e.text()).startsWith(limit + ": ");
        });
    }
}
