package dev.xmppd.muc.history;

import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * How much discussion history a user asks for on entering (XEP-0045 §7.2.14):
 * {@code <history maxchars='…' maxstanzas='…' seconds='…' since='…'/>} in the join presence's
 * {@code <x xmlns='http://jabber.org/protocol/muc'/>}. Each limit is optional; all given ones apply.
 *
 * @param maxChars the most characters of XML in total, or -1 for no limit
 * @param maxStanzas the most messages, or -1 for no limit
 * @param seconds only messages of the last so many seconds, or -1
 * @param since only messages after this instant, or null
 */
public record HistoryRequest(int maxChars, int maxStanzas, long seconds, Instant since) {

    /** What a join without {@code <history/>} gets: the last {@value #DEFAULT_STANZAS} messages. */
    public static final int DEFAULT_STANZAS = 20;

    public static HistoryRequest defaults() {
        return new HistoryRequest(-1, DEFAULT_STANZAS, -1, null);
    }

    /** Reads a {@code <history/>} element; null reads as {@link #defaults()}. Unreadable values are ignored. */
    public static HistoryRequest of(XmlElement history) {
        if (history == null) {
            return defaults();
        }
        int maxChars = (int) number(history.attribute("maxchars"));
        int maxStanzas = (int) number(history.attribute("maxstanzas"));
        long seconds = number(history.attribute("seconds"));
        Instant since = instant(history.attribute("since"));
        if (maxChars < 0 && maxStanzas < 0 && seconds < 0 && since == null) {
            return defaults();
        }
        return new HistoryRequest(maxChars, maxStanzas, seconds, since);
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Math.min(Integer.MAX_VALUE, Math.max(-1, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A XEP-0082 DateTime, or null when absent or unreadable. */
    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
