package dev.xmppd.core.jid;

/**
 * An XMPP address (RFC 7622): {@code [localpart@]domainpart[/resourcepart]}, normalized.
 *
 * <p>Two types only: {@link BareJid} (no resource) and {@link FullJid}. Session maps key on full JIDs, rosters on
 * bare ones. Both are records whose constructors normalize, so {@code equals} compares canonical addresses and
 * {@code toString()} is the canonical string form, which {@link #parse(String)} reads back to an equal JID.
 *
 * <p>Normalization (RFC 7622 §3): localpart with PRECIS UsernameCaseMapped (lower-cased, width-mapped, NFC;
 * {@code " & ' / : < > @} forbidden), domainpart with IDNA to U-labels (lower case, a final dot stripped, IPv6
 * literals in brackets and IPv4 addresses kept), resourcepart with PRECIS OpaqueString (case kept). Each part is
 * 1..1023 bytes of UTF-8 after normalization.
 */
public sealed interface Jid permits BareJid, FullJid {

    /**
     * Parses and normalizes an address, splitting it as RFC 7622 §3.1 says: the resourcepart is everything after the
     * first {@code '/'}, the localpart everything before the first {@code '@'} of what remains. Results are cached.
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

    /**
     * The bare part of this address with this resource, normalized and checked.
     *
     * @throws JidFormatException if the resourcepart is not valid
     */
    FullJid withResource(String resource);

    default boolean isBare() {
        return this instanceof BareJid;
    }

    /** True for a domain address ({@code example.com}) without localpart or resource. */
    default boolean isDomain() {
        return local() == null && resource() == null;
    }
}
