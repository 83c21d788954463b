package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Occupant ids (XEP-0421 §4): the same real bare JID gets the same id in a room, across nick changes, sessions
 * and restarts, and different ids in different rooms, without revealing the JID: HMAC-SHA-256 under the service's
 * stored secret over room and user, 16 bytes in base64url.
 */
final class OccupantIds {
    private final SecretKeySpec key;

    OccupantIds(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: >= 16)");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    String of(BareJid room, BareJid user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(room.toString().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] h = mac.doFinal(user.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
