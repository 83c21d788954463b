package dev.xmppd.im.pep;

import java.util.Locale;

/**
 * When the last published item is sent to a new recipient ({@code pubsub#send_last_published_item}, XEP-0060
 * §16.4.3). In PEP "subscription" means interest shown by XEP-0115 {@code +notify} (XEP-0163 §4.3.4), so
 * {@link #ON_SUB} and {@link #ON_SUB_AND_PRESENCE} both send it when a recipient's interest or presence appears.
 */
public enum SendLastItem {
    NEVER,
    ON_SUB,
    ON_SUB_AND_PRESENCE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting with this form value, or null. */
    public static SendLastItem of(String value) {
        for (SendLastItem s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
