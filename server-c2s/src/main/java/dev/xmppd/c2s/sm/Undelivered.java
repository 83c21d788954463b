package dev.xmppd.c2s.sm;

import java.time.Instant;

/**
 * A stanza the server could not be sure its client got (not acknowledged, or never sent), and when the server tried
 * to deliver it: the stamp of the XEP-0203 {@code <delay/>} it carries if it is delivered elsewhere later
 * (XEP-0198 §5).
 *
 * @param stanza a {@code Stanza}, or an {@code XmlElement} the server wrote as a stanza
 * @param since when delivery to the client was first tried
 */
public record Undelivered(Object stanza, Instant since) {
}
