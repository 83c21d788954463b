package dev.xmppd.core.config;

import java.time.Duration;

/**
 * Push notifications, XEP-0357 (YAML {@code push}), each with its YAML key.
 *
 * @param includeBody {@code include-body}: whether a notification carries the last message's body (false: the body
 *     would pass through the app's push service and Apple's or Google's servers; clients fetch it themselves)
 * @param maxPerAccount {@code max-per-account}: the most push services one account may enable (10)
 * @param coalesce {@code coalesce}: at most one notification per push service and account per this time while
 *     messages keep coming (5 s); what arrives meanwhile is counted into the next one
 */
public record PushConfig(boolean includeBody, int maxPerAccount, Duration coalesce) {

    public static PushConfig defaults() {
        return new PushConfig(false, 10, Duration.ofSeconds(5));
    }
}
