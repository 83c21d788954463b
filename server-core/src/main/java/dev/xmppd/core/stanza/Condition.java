package dev.xmppd.core.stanza;

import static dev.xmppd.core.stanza.ErrorType.AUTH;
import static dev.xmppd.core.stanza.ErrorType.CANCEL;
import static dev.xmppd.core.stanza.ErrorType.MODIFY;
import static dev.xmppd.core.stanza.ErrorType.WAIT;

import java.util.Locale;

/** The defined stanza error conditions of RFC 6120 §8.3.3, each with the error type the RFC suggests. */
public enum Condition {
    BAD_REQUEST(MODIFY),
    CONFLICT(CANCEL),
    FEATURE_NOT_IMPLEMENTED(CANCEL),
    FORBIDDEN(AUTH),
    GONE(CANCEL),
    INTERNAL_SERVER_ERROR(CANCEL),
    ITEM_NOT_FOUND(CANCEL),
    JID_MALFORMED(MODIFY),
    NOT_ACCEPTABLE(MODIFY),
    NOT_ALLOWED(CANCEL),
    NOT_AUTHORIZED(AUTH),
    POLICY_VIOLATION(MODIFY),
    RECIPIENT_UNAVAILABLE(WAIT),
    REDIRECT(MODIFY),
    REGISTRATION_REQUIRED(AUTH),
    REMOTE_SERVER_NOT_FOUND(CANCEL),
    REMOTE_SERVER_TIMEOUT(WAIT),
    RESOURCE_CONSTRAINT(WAIT),
    SERVICE_UNAVAILABLE(CANCEL),
    SUBSCRIPTION_REQUIRED(AUTH),
    UNDEFINED_CONDITION(CANCEL),
    UNEXPECTED_REQUEST(WAIT);

    private final ErrorType defaultType;
    private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    Condition(ErrorType defaultType) {
        this.defaultType = defaultType;
    }

    public ErrorType defaultType() {
        return defaultType;
    }

    /** The element name, e.g. {@code service-unavailable}. */
    public String elementName() {
        return elementName;
    }

    /** The condition with this element name, or {@code null}. */
    public static Condition fromElementName(String name) {
        for (Condition c : values()) {
            if (c.elementName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
