package dev.xmppd.core.xml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes {@link XmlWriter} writes: UTF-8 encoded as it goes, with the escaping and the replacement of characters
 * XML 1.0 cannot carry done in the same pass. Writing straight to bytes saves the serializer a character buffer, a
 * string and an encoding pass per element.
 *
 * <p>Not thread-safe. Each thread keeps one to {@link #borrow} (what a serialization then allocates is the one array
 * of its result), and gives it back with {@link #release}.
 */
final class Utf8Buffer {
    /** A thread's buffer is kept between serializations up to this size; a larger one is dropped after use. */
    private static final int KEPT_BYTES = 16 * 1024;
    private static final ThreadLocal<Utf8Buffer> SCRATCH = ThreadLocal.withInitial(() -> new Utf8Buffer(1024));

    private static final byte[] AMP = ascii("&amp;");
    private static final byte[] LT = ascii("&lt;");
    private static final byte[] GT = ascii("&gt;");
    private static final byte[] APOS = ascii("&apos;");
    private static final byte[] QUOT = ascii("&quot;");
    private static final byte[] TAB = ascii("&#9;");
    private static final byte[] LF = ascii("&#10;");
    private static final byte[] CR = ascii("&#13;");

    private byte[] bytes;
    private int size;
    private boolean borrowed;

    Utf8Buffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** This thread's buffer, empty; a new one if it is in use already (a serialization inside a serialization). */
    static Utf8Buffer borrow() {
        Utf8Buffer b = SCRATCH.get();
        if (b.borrowed) {
            return new Utf8Buffer(256);
        }
        b.borrowed = true;
        b.size = 0;
        return b;
    }

    /** Gives a {@link #borrow borrowed} buffer back; its contents are not to be used after this. */
    void release() {
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[1024];
        }
        borrowed = false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One ASCII character. */
    Utf8Buffer put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    Utf8Buffer put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** A name or other markup, unescaped: the bytes {@code s.getBytes(UTF_8)} gives. */
    Utf8Buffer name(String s) {
        return name(s, 0, s.length());
    }

    Utf8Buffer name(String s, int from, int to) {
        ensure(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return put(s.substring(i, to).getBytes(StandardCharsets.UTF_8));
            }
            bytes[size++] = (byte) c;
        }
        return this;
    }

    /** Character data: {@code & < >} and carriage return escaped. */
    Utf8Buffer text(String s) {
        return escaped(s, false);
    }

    /** An attribute value in single quotes: markup, quotes and the whitespace parsers would normalize escaped. */
    Utf8Buffer attribute(String s) {
        return escaped(s, true);
    }

    private Utf8Buffer escaped(String s, boolean attribute) {
        ensure(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> put(AMP);
                case '<' -> put(LT);
                case '>' -> put(GT);
                case '\r' -> put(CR);
                case '\'', '"', '\t', '\n' -> {
                    if (attribute) {
                        put(c == '\'' ? APOS : c == '"' ? QUOT : c == '\t' ? TAB : LF);
                    } else {
                        i = character(s, i);
                    }
                }
                default -> i = character(s, i);
            }
        }
        return this;
    }

    /**
     * Writes the character at {@code i} and returns the index of the last one consumed (a surrogate pair is two).
     * XML 1.0 §2.2: no C0 controls but tab, newline and carriage return, no U+FFFE or U+FFFF, no surrogate without
     * its other half; each becomes U+FFFD.
     */
    private int character(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                replacement();
            } else {
                ensure(1);
                bytes[size++] = (byte) c;
            }
            return i;
        }
        ensure(4);
        if (c < 0x800) {
            bytes[size++] = (byte) (0xC0 | c >> 6);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                bytes[size++] = (byte) (0xF0 | cp >> 18);
                bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp & 0x3F);
                return i + 1;
            }
            replacement();
        } else if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
            replacement(); // a low surrogate here has no high one before it: a pair is consumed whole above
        } else {
            bytes[size++] = (byte) (0xE0 | c >> 12);
            bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        }
        return i;
    }

    private void replacement() {
        ensure(3);
        bytes[size++] = (byte) 0xEF;
        bytes[size++] = (byte) 0xBF;
        bytes[size++] = (byte) 0xBD;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    int size() {
        return size;
    }

    /** The bytes from {@code from} to the end, as a new array. */
    byte[] copyFrom(int from) {
        return Arrays.copyOfRange(bytes, from, size);
    }

    /** Hands the bytes written to {@code to}, without a copy. */
    <T> T apply(XmlElement.BytesTo<T> to) {
        return to.apply(bytes, size);
    }

    /** The bytes written, as a new array. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
