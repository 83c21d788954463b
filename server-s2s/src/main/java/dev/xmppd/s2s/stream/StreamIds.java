package dev.xmppd.s2s.stream;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stream ids for the headers a receiving server sends. The id is an input of the dialback key (XEP-0220 §2.1.1,
 * XEP-0185), so it must not be guessable or repeat: 128 random bits, base64url without padding (22 characters).
 */
public final class StreamIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamIds() {
    }

    /** A fresh id. */
    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
