package dev.xmppd.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 60s}, {@code 10m}, {@code 1h}, {@code 2d}, or ISO-8601. */
final class Durations {
    static final String EXPECTED = "a duration such as 500ms, 60s, 10m, 1h or PT1M";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration, or {@code null} if the text is not one. */
    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
