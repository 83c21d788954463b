package dev.xmppd.s2s.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The credential of XEP-0114 §3: the component proves it knows the shared secret by sending
 * {@code <handshake>} with the lowercase hex SHA-1 of the stream id followed by the secret.
 *
 * <pre>
 * S: &lt;stream:stream xmlns='jabber:component:accept' ... from='plays.shakespeare.lit' id='3BF96D32'&gt;
 * C: &lt;handshake&gt;aaee83c26aeeafcbabeabfcbcd50df997e0a2a1e&lt;/handshake&gt;
 * S: &lt;handshake/&gt;
 * </pre>
 *
 * <p>The comparison takes the same time wherever the values differ, so that a timing side channel does not reveal
 * a valid digest byte by byte. Upper-case hex is accepted too: the digest is the same value.
 */
final class Handshake {
    private Handshake() {
    }

    /** SHA-1(streamId + secret) in lowercase hex. */
    static String digest(String streamId, String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest((streamId + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** True if {@code received} (the handshake's text, may be null) is the digest for this stream and secret. */
    static boolean matches(String streamId, String secret, String received) {
        if (received == null) {
            return false;
        }
        byte[] expected = digest(streamId, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = received.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, actual);
    }
}
