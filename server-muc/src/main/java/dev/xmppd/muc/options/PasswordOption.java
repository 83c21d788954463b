package dev.xmppd.muc.options;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * {@code muc#roomconfig_passwordprotectedroom} and {@code muc#roomconfig_roomsecret} (XEP-0045 §10.2): entering
 * needs the password, otherwise {@code not-authorized} (§7.2.5).
 */
public final class PasswordOption implements RoomOption {
    public static final String PROTECTED = "muc#roomconfig_passwordprotectedroom";
    public static final String SECRET = "muc#roomconfig_roomsecret";

    @Override
    public List<String> features(RoomConfig config) {
        return List.of(config.requiresPassword() ? "muc_passwordprotected" : "muc_unsecured");
    }

    @Override
    public List<XmlElement> configFields(RoomConfig config) {
        return List.of(Form.bool(PROTECTED, "Password Required to Enter?", config.passwordProtected()),
                Form.field(SECRET, "text-private", "Password", List.of(config.password())));
    }

    @Override
    public void submit(Form.Values values, RoomConfig.Builder builder) {
        String secret = values.single(SECRET);
        if (secret != null) {
            builder.password = secret;
        }
        // A client that only sends a secret means to protect the room (Smack sends both).
        builder.passwordProtected = values.bool(PROTECTED, builder.passwordProtected
                || secret != null && !secret.isEmpty());
    }

    @Override
    public StanzaError checkJoin(RoomConfig config, JoinAttempt attempt) {
        if (!config.requiresPassword()) {
            return null;
        }
        String given = attempt.password() == null ? "" : attempt.password();
        boolean same = MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                config.password().getBytes(StandardCharsets.UTF_8));
        // XEP-0045 §7.2.5: missing or wrong password.
        return same ? null : StanzaError.of(Condition.NOT_AUTHORIZED, "a password is required to enter this room");
    }
}
