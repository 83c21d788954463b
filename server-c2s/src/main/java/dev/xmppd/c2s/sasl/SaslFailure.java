package dev.xmppd.c2s.sasl;

import java.util.Locale;

/** The SASL failure conditions of RFC 6120 §6.5, sent as the child of {@code <failure/>}. */
public enum SaslFailure {
    /** §6.5.1: the client sent {@code <abort/>}. */
    ABORTED,
    /** §6.5.2: the account is disabled. */
    ACCOUNT_DISABLED,
    /** §6.5.3: the credentials have expired. */
    CREDENTIALS_EXPIRED,
    /** §6.5.4: the mechanism is only allowed on an encrypted stream. */
    ENCRYPTION_REQUIRED,
    /** §6.5.5: the base64 of the client's data is invalid. */
    INCORRECT_ENCODING,
    /** §6.5.6: the authorization identity is malformed or not allowed for this user. */
    INVALID_AUTHZID,
    /** §6.5.7: the mechanism is not offered. */
    INVALID_MECHANISM,
    /** §6.5.8: the request breaks the mechanism's syntax. */
    MALFORMED_REQUEST,
    /** §6.5.9: the mechanism is weaker than policy allows. */
    MECHANISM_TOO_WEAK,
    /** §6.5.10: wrong credentials, or no such user (not revealed). */
    NOT_AUTHORIZED,
    /** §6.5.11: a temporary error, e.g. the account store failed. */
    TEMPORARY_AUTH_FAILURE;

    private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The element name, e.g. {@code not-authorized}. */
    public String elementName() {
        return elementName;
    }
}
