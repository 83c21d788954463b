package dev.xmppd.core.stream.internal;

import java.nio.ByteBuffer;

/**
 * Checks that a byte stream is well-formed UTF-8 (RFC 3629 §4), chunk by chunk, carrying a partial sequence
 * across chunks. Aalto decodes overlong forms such as {@code C0 BC} (an overlong {@code '<'}) and code points above
 * U+10FFFF without complaint, so the decoder runs this first (RFC 6120 §11.6: UTF-8 only).
 */
final class Utf8Validator {
    /** Continuation bytes still expected for the current sequence. */
    private int pending;
    /** Bytes of the current, incomplete sequence seen so far. */
    private int seen;
    /** Allowed range of the next continuation byte; only the first one of a sequence is narrower than 80..BF. */
    private int low = 0x80;
    private int high = 0xBF;

    /**
     * Scans {@code buffer[from, to)} (absolute indexes, the position is not used).
     *
     * @return the index of the first byte that cannot be part of well-formed UTF-8, or -1 if there is none
     */
    int scan(ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = buffer.get(i) & 0xFF;
            if (pending == 0) {
                if (b >= 0x80 && !lead(b)) {
                    return i;
                }
            } else if (b < low || b > high) {
                return i;
            } else {
                pending--;
                seen = pending == 0 ? 0 : seen + 1;
                low = 0x80;
                high = 0xBF;
            }
        }
        return -1;
    }

    /** True between complete characters. */
    boolean atBoundary() {
        return pending == 0;
    }

    /** Bytes of the incomplete character at the end of what was scanned (0 at a boundary). */
    int partialLength() {
        return seen;
    }

    /** Continuation bytes the incomplete character still needs (0 at a boundary). */
    int missingLength() {
        return pending;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return expect(1, 0x80, 0xBF);
        }
        if (b >= 0xE0 && b <= 0xEF) {
            // No overlong three-byte forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
            return expect(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
        }
        if (b >= 0xF0 && b <= 0xF4) {
            // No overlong four-byte forms (F0 80..8F) and nothing above U+10FFFF (F4 90..).
            return expect(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
        }
        return false;
    }

    private boolean expect(int count, int firstLow, int firstHigh) {
        pending = count;
        seen = 1;
        low = firstLow;
        high = firstHigh;
        return true;
    }
}
