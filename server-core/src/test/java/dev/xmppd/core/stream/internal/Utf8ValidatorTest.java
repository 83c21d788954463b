package dev.xmppd.core.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
