package dev.xmppd.core.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8Buffer} writes what escaping, replacing and then encoding with the JDK would give. */
class Utf8BufferTest {
    /** Characters from every class the encoder tells apart: ASCII, markup, controls, 2 and 3 bytes, surrogates. */
    private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '&', '<', '>', '\'', '"', '\t', '\n', '\r', '\u0000',
        '\u0008', '\u001F', '\u007F', '\u00E9', '\u07FF', '\u0800', '\u20AC', '\uD7FF', '\uD83D', '\uDE00', '\uE000',
        '\uFFFD', '\uFFFE', '\uFFFF'};

    @Test
    void textAndAttributesMatchAReferenceOnRandomStrings() {
        Random random = new Random(6120);
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            String s = new String(chars);

            assertThat(new Utf8Buffer(1).text(s).toByteArray()).as("text %s", escapeJava(s))
                    .isEqualTo(reference(s, false));
            assertThat(new Utf8Buffer(1).attribute(s).toByteArray()).as("attribute %s", escapeJava(s))
                    .isEqualTo(reference(s, true));
        }
    }

    @Test
    void namesAreWrittenAsTheJdkEncodesThem() {
        for (String name : new String[] {"message", "stream:features", "grüße", "名前", "a😀b"}) {
            assertThat(new Utf8Buffer(1).name(name).toByteArray()).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new Utf8Buffer(1).name("xx{urn:a}gr\u00FC\u00DFe", 9, 13).toString()).isEqualTo("grüß");
    }

    @Test
    void growsAndCopiesRanges() {
        Utf8Buffer b = new Utf8Buffer(1);
        b.name("<a>");
        int from = b.size();
        b.text("x".repeat(1000));

        assertThat(b.size()).isEqualTo(1003);
        assertThat(b.copyFrom(from)).hasSize(1000);
        assertThat(b.toString()).startsWith("<a>xxx");
    }

    @Test
    void aBorrowedBufferIsLentOnceAtATime() {
        Utf8Buffer first = Utf8Buffer.borrow();
        first.name("kept");
        Utf8Buffer second = Utf8Buffer.borrow();

        assertThat(second).isNotSameAs(first);
        second.name("other");
        assertThat(first.toString()).isEqualTo("kept");
        first.release();
        assertThat(Utf8Buffer.borrow()).isSameAs(first).extracting(Utf8Buffer::size).isEqualTo(0);
        first.release();
    }

    /** Code point by code point: what XML 1.0 cannot carry becomes U+FFFD, then escaping, then the JDK's UTF-8. */
    private static byte[] reference(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean allowed = cp == '\t' || cp == '\n' || cp == '\r' || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
            if (!allowed) {
                sb.append('\uFFFD');
                continue;
            }
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '\'' -> sb.append(attribute ? "&apos;" : "'");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                default -> sb.appendCodePoint(cp);
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escapeJava(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04X", c)));
        return sb.toString();
    }
}
