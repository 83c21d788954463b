package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * What the server learns from a SCRAM client-first-message (RFC 5802 §5.1, §7).
 *
 * @param username the authentication identity, {@code =2C}/{@code =3D} decoded, not yet normalized
 * @param authzid the authorization identity ({@code a=}), decoded, or {@code null} if absent
 * @param channelBindingFlag {@code "n"}, {@code "y"}, or {@code "p"}
 * @param channelBindingType the {@code p=} type, e.g. {@code tls-exporter}, or {@code null}
 */
public record ScramClientFirst(String username, String authzid, String channelBindingFlag,
        String channelBindingType) {

    public ScramClientFirst {
        requireNonNull(username, "username");
        requireNonNull(channelBindingFlag, "channelBindingFlag");
    }
}
