package dev.xmppd.core.stream;

import static dev.xmppd.core.stream.DecoderHarness.HEADER;
import static dev.xmppd.core.stream.DecoderHarness.bytewise;
import static dev.xmppd.core.stream.DecoderHarness.concat;
import static dev.xmppd.core.stream.DecoderHarness.conditions;
import static dev.xmppd.core.stream.DecoderHarness.decode;
import static dev.xmppd.core.stream.DecoderHarness.splitAt;
import static dev.xmppd.core.stream.DecoderHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input yields exactly one StreamError, the same however the input is split, and nothing after it. */
class XmppStreamDecoderErrorTest {
    private static final String BILLION_LAUGHS = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
            + " <!ENTITY lol 'lol'>\n"
            + " <!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
            + " <!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>\n"
            + " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
            + " <!ENTITY lol9 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>\n"
            + "]>\n" + HEADER + "<message><body>&lol9;</body></message>";
    private static final String OTHER_STREAM_NS = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams/wrong' version='1.0'>";

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("billion laughs", BILLION_LAUGHS, StreamErrorCondition.RESTRICTED_XML, 0),
                bad("DTD before header", "<!DOCTYPE stream:stream>" + HEADER, StreamErrorCondition.RESTRICTED_XML, 0),
                bad("external entity", "<?xml version='1.0'?><!DOCTYPE s SYSTEM 'http://x.test/s.dtd' "
                        + "[<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + HEADER + "<message>&e;</message>",
                        StreamErrorCondition.RESTRICTED_XML, 0),
                bad("PI before header", "<?xml version='1.0'?><?xml-stylesheet href='a'?>" + HEADER,
                        StreamErrorCondition.RESTRICTED_XML, 0),
                bad("PI in a stanza", HEADER + "<message><?php echo 1; ?></message>",
                        StreamErrorCondition.RESTRICTED_XML, 1),
                bad("comment before header", "<!-- hi -->" + HEADER, StreamErrorCondition.RESTRICTED_XML, 0),
                bad("comment between stanzas", HEADER + "<presence/><!-- x --><presence/>",
                        StreamErrorCondition.RESTRICTED_XML, 2),
                bad("comment in a stanza", HEADER + "<message><!-- x --></message>",
                        StreamErrorCondition.RESTRICTED_XML, 1),
                bad("entity in text", HEADER + "<message><body>&foo;</body></message>",
                        StreamErrorCondition.RESTRICTED_XML, 1),
                bad("entity in an attribute", HEADER + "<message to='&foo;'/>", StreamErrorCondition.RESTRICTED_XML,
                        1),
                bad("mismatched tags", HEADER + "<message></presence>", StreamErrorCondition.NOT_WELL_FORMED, 1),
                bad("unbound prefix", HEADER + "<x:message/>", StreamErrorCondition.NOT_WELL_FORMED, 1),
                bad("garbage instead of a header", "HTTP/1.1 GET /\r\n\r\n", StreamErrorCondition.NOT_WELL_FORMED, 0),
                bad("text between stanzas", HEADER + "<presence/>hello<presence/>", StreamErrorCondition.BAD_FORMAT,
                        2),
                bad("wrong stream namespace", OTHER_STREAM_NS, StreamErrorCondition.INVALID_NAMESPACE, 0),
                bad("wrong content namespace", HEADER.replace("jabber:client", "jabber:server"),
                        StreamErrorCondition.INVALID_NAMESPACE, 0),
                bad("no content namespace", HEADER.replace("xmlns='jabber:client'", ""),
                        StreamErrorCondition.INVALID_NAMESPACE, 0),
                bad("root is not stream", "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>",
                        StreamErrorCondition.BAD_FORMAT, 0),
                bad("other stream prefix", HEADER.replace("stream:stream", "foo:stream")
                        .replace("xmlns:stream", "xmlns:foo"), StreamErrorCondition.BAD_NAMESPACE_PREFIX, 0),
                bad("unprefixed stream", "<stream xmlns='http://etherx.jabber.org/streams' version='1.0'>",
                        StreamErrorCondition.BAD_NAMESPACE_PREFIX, 0),
                bad("version 2.0", HEADER.replace("1.0", "2.0"), StreamErrorCondition.UNSUPPORTED_VERSION, 0),
                bad("no version", HEADER.replace(" version='1.0'", ""), StreamErrorCondition.UNSUPPORTED_VERSION, 0),
                bad("version 0.9", HEADER.replace("1.0", "0.9"), StreamErrorCondition.UNSUPPORTED_VERSION, 0),
                bad("ISO-8859-1", "<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER,
                        StreamErrorCondition.UNSUPPORTED_ENCODING, 0),
                bad("US-ASCII", "<?xml version='1.0' encoding='US-ASCII'?>" + HEADER,
                        StreamErrorCondition.UNSUPPORTED_ENCODING, 0),
                bad("UTF-16 declared", "<?xml version='1.0' encoding='UTF-16'?>" + HEADER,
                        StreamErrorCondition.UNSUPPORTED_ENCODING, 0),
                Arguments.of("UTF-16 with a byte order mark", ("\uFEFF<?xml version='1.0'?>" + HEADER)
                        .getBytes(StandardCharsets.UTF_16), StreamErrorCondition.UNSUPPORTED_ENCODING, 0),
                Arguments.of("overlong '<'", concat(utf8(HEADER + "<message><body>"), new byte[] {(byte) 0xC0,
                        (byte) 0xBC}, utf8("</body></message>")), StreamErrorCondition.NOT_WELL_FORMED, 1),
                Arguments.of("beyond U+10FFFF", concat(utf8(HEADER + "<presence/><message>"), new byte[] {
                        (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), StreamErrorCondition.NOT_WELL_FORMED,
                        2),
                Arguments.of("encoded surrogate", concat(utf8(HEADER + "<message>"), new byte[] {(byte) 0xED,
                        (byte) 0xA0, (byte) 0x80}), StreamErrorCondition.NOT_WELL_FORMED, 1),
                Arguments.of("binary garbage", concat(utf8(HEADER), new byte[] {0, 1, 2, (byte) 0xFF, 3}),
                        StreamErrorCondition.NOT_WELL_FORMED, 1));
    }

    private static Arguments bad(String name, String input, StreamErrorCondition condition, int before) {
        return Arguments.of(name, utf8(input), condition, before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void oneErrorAfterWhatCameBefore(String name, byte[] input, StreamErrorCondition condition, int before) {
        List<Object> out = decode(input, utf8("<presence/>"));

        assertThat(out).hasSize(before + 1);
        assertThat(out.subList(0, before)).allMatch(m -> m instanceof StreamOpen || m instanceof XmlElement);
        assertThat(out.get(before)).isInstanceOfSatisfying(StreamError.class,
                e -> assertThat(e.condition()).isEqualTo(condition));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void sameOutcomeHoweverSplit(String name, byte[] input, StreamErrorCondition condition, int before) {
        List<Object> whole = conditions(decode(input));

        assertThat(conditions(decode(bytewise(input)))).isEqualTo(whole);
        for (int i = 1; i < input.length; i++) {
            assertThat(conditions(decode(splitAt(input, i)))).as("split at %d", i).isEqualTo(whole);
        }
    }

    @org.junit.jupiter.api.Test
    void acceptedVariantsOfTheHeader() {
        for (String header : new String[] {HEADER.replace("1.0", "1.1"), HEADER.replace("1.0", "01.0"),
                "<?xml version='1.0' encoding='utf-8'?>" + HEADER, "<?xml version=\"1.0\"?>\n" + HEADER}) {
            List<Object> out = decode(utf8(header + "<presence/>"));

            assertThat(out).as(header).hasSize(2);
            assertThat(out.get(0)).isInstanceOf(StreamOpen.class);
            assertThat(out.get(1)).isEqualTo(XmlElement.empty(Namespaces.CLIENT, "presence"));
        }
    }

    @org.junit.jupiter.api.Test
    void doctypeLookalikeInCdataIsText() {
        List<Object> out = decode(utf8(HEADER + "<message><body><![CDATA[<!DOCTYPE x>]]></body></message>"));

        assertThat(((XmlElement) out.get(1)).firstElement().text()).isEqualTo("<!DOCTYPE x>");
    }
}
