package dev.xmppd.core.stream;

import static dev.xmppd.core.stream.DecoderHarness.HEADER;
import static dev.xmppd.core.stream.DecoderHarness.bytewise;
import static dev.xmppd.core.stream.DecoderHarness.concat;
import static dev.xmppd.core.stream.DecoderHarness.decode;
import static dev.xmppd.core.stream.DecoderHarness.splitAt;
import static dev.xmppd.core.stream.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmppStreamDecoderTest {
    private static final String MESSAGE = "<message to='romeo@example.net/orchard' id='m1' type='chat' xml:lang='de'>"
            + "<body>Grüße 日本 😀 &amp; &lt;tag&gt; &#x1F600; &#233;</body><thread>t1</thread></message>";
    private static final String MIXED = "<message><x:e xmlns:x='urn:x' x:attr='1' plain='2'>mixed <b xmlns=''>no ns</b>"
            + " tail<![CDATA[<raw>&]]></x:e></message>";
    private static final String TRANSCRIPT = "<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en' id='c1'>\n  \n"
            + MESSAGE + " \t\r\n"
            + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource>"
            + "</bind></iq>"
            + "<presence><show>away</show><status>On the &quot;balcony&quot;</status>"
            + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://example.org' ver='QgayPK='/>"
            + "</presence>\n"
            + "<iq type='get' id='p1'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>"
            + "<conference jid='room@muc.example.com' autojoin='true'/></storage></query></iq>"
            + MIXED + " "
            + "<enable xmlns='urn:xmpp:sm:3' resume='true'/>"
            + "<stream:features/>"
            + "\n</stream:stream>";

    @Test
    void transcriptFedWhole() {
        List<Object> out = decode(utf8(TRANSCRIPT));

        assertThat(out).hasSize(9);
        assertThat(out.get(0)).isEqualTo(new StreamOpen("jabber:client", "example.com", null, "c1", "1.0", "en",
                false));
        XmlElement message = (XmlElement) out.get(1);
        assertThat(message).isEqualTo(XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("to", "romeo@example.net/orchard").attribute("id", "m1").attribute("type", "chat")
                .attribute("xml:lang", "de")
                .textElement("body", "Grüße 日本 😀 & <tag> 😀 é").textElement("thread", "t1").build());
        XmlElement mixed = ((XmlElement) out.get(5)).firstElement();
        assertThat(mixed.namespace()).isEqualTo("urn:x");
        assertThat(mixed.attribute("{urn:x}attr")).isEqualTo("1");
        assertThat(mixed.attribute("plain")).isEqualTo("2");
        assertThat(mixed.children()).containsExactly(new XmlText("mixed "), XmlElement.builder("", "b")
                .text("no ns").build(), new XmlText(" tail<raw>&"));
        assertThat(((XmlElement) out.get(6)).is("urn:xmpp:sm:3", "enable")).isTrue();
        assertThat(((XmlElement) out.get(7)).is(Namespaces.STREAM, "features")).isTrue();
        assertThat(out.get(8)).isSameAs(StreamClose.INSTANCE);
    }

    @Test
    void transcriptSplitAtEveryOffsetIntoTwoBuffers() {
        byte[] input = utf8(TRANSCRIPT);
        List<Object> whole = decode(input);

        for (int i = 1; i < input.length; i++) {
            assertThat(decode(splitAt(input, i))).as("split at %d", i).isEqualTo(whole);
        }
    }

    @Test
    void transcriptOneBytePerBuffer() {
        byte[] input = utf8(TRANSCRIPT);

        assertThat(decode(bytewise(input))).isEqualTo(decode(input));
    }

    @Test
    void transcriptWithSeveralStanzasPerBufferAndOddChunkSizes() {
        byte[] input = utf8(TRANSCRIPT);
        List<Object> whole = decode(input);

        for (int size : new int[] {2, 3, 7, 64, 333}) {
            List<byte[]> chunks = new ArrayList<>();
            for (int i = 0; i < input.length; i += size) {
                chunks.add(Arrays.copyOfRange(input, i, Math.min(input.length, i + size)));
            }
            assertThat(decode(chunks.toArray(new byte[0][]))).as("chunks of %d", size).isEqualTo(whole);
        }
    }

    @Test
    void compositeBuffersAreFedComponentByComponent() {
        byte[] input = utf8(TRANSCRIPT);
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(input, 0, 300)));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(input, 300, input.length - 300));

        ch.writeInbound(composite);
        List<Object> out = new ArrayList<>();
        DecoderHarness.drain(ch, out);

        assertThat(composite.refCnt()).isZero();
        assertThat(out).isEqualTo(decode(input));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void whitespaceKeepalivesAreNeverEmitted() {
        List<Object> out = decode(utf8(HEADER), utf8(" "), utf8("\n\n"), utf8("\t \r\n"), utf8("<presence/>"),
                utf8("   "));

        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isEqualTo(XmlElement.empty(Namespaces.CLIENT, "presence"));
    }

    @Test
    void textSplitAcrossReadsBecomesOneTextNode() {
        List<Object> out = decode(utf8(HEADER + "<message><body>Hel"), utf8("lo, "), utf8("&am"), utf8("p; w"),
                utf8("orld</body></message>"));

        XmlElement body = ((XmlElement) out.get(1)).firstElement();
        assertThat(body.children()).containsExactly(new XmlText("Hello, & world"));
    }

    @Test
    void multiByteCharactersSplitAcrossReads() {
        byte[] input = utf8(HEADER + "<message><body>😀日</body></message>");
        List<Object> whole = decode(input);
        int emoji = HEADER.length() + "<message><body>".length();

        for (int i = emoji + 1; i < emoji + 7; i++) {
            assertThat(decode(splitAt(input, i))).isEqualTo(whole);
        }
        assertThat(((XmlElement) whole.get(1)).firstElement().text()).isEqualTo("😀日");
    }

    @Test
    void supplementaryCharactersInAttributesAndNamespacesSplitAcrossReads() {
        // Aalto alone decodes a four-byte character split across feeds inside an attribute value wrongly.
        byte[] input = utf8(HEADER + "<message id='😀𐀀𠀀' xmlns:e='urn:😀'><e:x a='x😀'>😀</e:x>"
                + "</message>");
        List<Object> whole = decode(input);

        XmlElement message = (XmlElement) whole.get(1);
        assertThat(message.attribute("id")).isEqualTo("😀𐀀𠀀");
        assertThat(message.firstElement().namespace()).isEqualTo("urn:😀");
        assertThat(message.firstElement().attribute("a")).isEqualTo("x😀");
        for (int i = 1; i < input.length; i++) {
            assertThat(decode(splitAt(input, i))).as("split at %d", i).isEqualTo(whole);
        }
        assertThat(decode(bytewise(input))).isEqualTo(whole);
    }

    @Test
    void dialbackPrefixIsReported() {
        String header = "<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='http://etherx.jabber.org/streams' from='a.test' to='b.test' version='1.0'>";
        List<Object> out = decode(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER), utf8(header
                + "<db:result from='a.test' to='b.test'>abc</db:result>"));

        assertThat(out.get(0)).isEqualTo(new StreamOpen("jabber:server", "b.test", "a.test", null, "1.0", null,
                true));
        assertThat(((XmlElement) out.get(1)).is("jabber:server:dialback", "result")).isTrue();
    }

    @Test
    void xmlNamespaceAttributesKeepTheirPrefix() {
        List<Object> out = decode(utf8(HEADER + "<message xml:lang='fr'><body xml:space='preserve'> </body>"
                + "</message>"));

        XmlElement message = (XmlElement) out.get(1);
        assertThat(message.attribute("xml:lang")).isEqualTo("fr");
        assertThat(message.firstElement().attribute("xml:space")).isEqualTo("preserve");
    }

    @Test
    void nothingAfterTheCloseTag() {
        List<Object> out = decode(utf8(HEADER + "</stream:stream><message/>"), utf8("<junk"));

        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isSameAs(StreamClose.INSTANCE);
    }

    @Test
    void otherMessagesPassThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));

        ch.writeInbound("not a buffer");

        assertThat((Object) ch.readInbound()).isEqualTo("not a buffer");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void parsedBuffersAreReusedSafely() {
        // The same backing array is rewritten between reads, as a pooled allocator would do.
        byte[] input = utf8(TRANSCRIPT);
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        ByteBuf shared = Unpooled.buffer(16);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < input.length; i += 5) {
            shared.clear().writeBytes(input, i, Math.min(5, input.length - i));
            ch.writeInbound(shared.retain());
            DecoderHarness.drain(ch, out);
        }
        shared.release();

        assertThat(out).isEqualTo(decode(input));
        assertFalse(ch.finishAndReleaseAll());
    }
}
