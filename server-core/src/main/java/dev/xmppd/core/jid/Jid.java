package dev.xmppd.core.jid;

/**
 * An XMPP address (RFC 7622): {@code [localpart@]domainpart[/resourcepart]}, normalized.
 *
 * <p>Two types only: {@link BareJid} (no resource) and {@link FullJid}. Session maps key on full JIDs, rosters on
 * bare ones.
 */
public sealed interface Jid permits BareJid, FullJid {

    /**
     * Parses and normalizes an address.
     *
     * @throws JidFormatException if the address is not valid (maps to {@code jid-malformed})
     */
    static Jid parse(String address) {
        return JidParser.parse(address);
    }

    /** The localpart, or {@code null} for a domain or domain/resource address. */
    String local();

    String domain();

    /** The resourcepart, or {@code null} for a bare address. */
    String resource();

    BareJid bare();

    default boolean isBare() {
        return this instanceof BareJid;
    }

    /** True for a domain address ({@code example.com}) without localpart or resource. */
    default boolean isDomain() {
        return local() == null && resource() == null;
    }
}
