package dev.xmppd.core.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "é", "日本", "😀", "\u0080\u07FF\u0800\uFFFD\uD800\uDC00\uDBFF\uDFFF"})
    void wellFormedUtf8PassesSplitAnywhere(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator v = new Utf8Validator();
            ByteBuffer b = ByteBuffer.wrap(bytes);

            assertThat(v.scan(b, 0, split)).isEqualTo(-1);
            assertThat(v.partialLength() + v.missingLength() == 0).isEqualTo(v.atBoundary());
            assertThat(v.scan(b, split, bytes.length)).isEqualTo(-1);
            assertThat(v.atBoundary()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80", "bf", "c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08080af", "f4908080", "f5808080", "ff", "fe",
        "c328", "e228a1", "f0288cbc"})
    void malformedUtf8IsFoundAtItsFirstBadByte(String hex) {
        byte[] bytes = hex(hex);
        ByteBuffer b = ByteBuffer.wrap(concat("ok".getBytes(StandardCharsets.US_ASCII), bytes));

        int bad = new Utf8Validator().scan(b, 0, b.limit());

        assertThat(bad).isBetween(2, 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void partialCharacterAtTheEndIsReported(int length) {
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        Utf8Validator v = new Utf8Validator();

        assertThat(v.scan(ByteBuffer.wrap(emoji), 0, length)).isEqualTo(-1);

        assertThat(v.partialLength()).isEqualTo(length);
        assertThat(v.missingLength()).isEqualTo(4 - length);
        assertThat(v.atBoundary()).isFalse();
    }

    /** The eight-byte ASCII skip must stop exactly where a non-ASCII byte is, at any offset, in any chunking. */
    @Test
    void badByteAfterLongAsciiRunsIsFoundAtItsOffsetInEveryChunking() {
        byte[] ascii = "<message to='juliet@example.com'><body>wherefore art thou</body></message>"
                .getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < ascii.length; at++) {
            byte[] bytes = ascii.clone();
            bytes[at] = (byte) 0xFF;
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 16).put(bytes).flip();
            for (int chunk : new int[] {1, 3, 7, 8, 9, 64, bytes.length}) {
                Utf8Validator v = new Utf8Validator();
                int bad = -1;
                for (int from = 0; from < bytes.length && bad < 0; from += chunk) {
                    bad = v.scan(direct, from, Math.min(bytes.length, from + chunk));
                }
                assertThat(bad).as("0xFF at %d, chunks of %d", at, chunk).isEqualTo(at);
            }
        }
    }

    @Test
    void multiByteCharactersBetweenAsciiRunsPassAndTheirContinuationsAreChecked() {
        byte[] good = "abcdefghij é abcdefghij 日本 abcdefghij 😀 abcdefghijk".getBytes(StandardCharsets.UTF_8);
        assertThat(new Utf8Validator().scan(ByteBuffer.wrap(good), 0, good.length)).isEqualTo(-1);

        byte[] bad = good.clone();
        int e = indexOf(good, (byte) 0xC3); // é is C3 A9: make its continuation ASCII
        bad[e + 1] = 'x';
        assertThat(new Utf8Validator().scan(ByteBuffer.wrap(bad), 0, bad.length)).isEqualTo(e + 1);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
