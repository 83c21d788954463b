package dev.xmppd.s2s.dialback;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 §3 recommends: {@code hex(HMAC-SHA256(hex(SHA256(secret)), receiving + " " + originating +
 * " " + streamId))}. Stateless: the authoritative server recomputes the key to verify it, so keys survive nothing
 * but the secret, which the server keeps in {@code <data>/secret.key}.
 */
public final class DialbackKeys {
    private final SecretKeySpec hmacKey;

    public DialbackKeys(byte[] secret) {
        requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: >= 16)");
        }
        try {
            // XEP-0185 §4: the HMAC key is the hex form of SHA256(secret), as text.
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
            hmacKey = new SecretKeySpec(digest.getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The key this server (as {@code originating}) sends to {@code receiving} on the stream {@code streamId}. */
    public String generate(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            String input = receiving + ' ' + originating + ' ' + streamId;
            return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** True if {@code key} is the one this server generated for these names (constant-time comparison). */
    public boolean isValid(String receiving, String originating, String streamId, String key) {
        byte[] expected = generate(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII);
        return key != null && MessageDigest.isEqual(expected, key.getBytes(StandardCharsets.UTF_8));
    }
}
