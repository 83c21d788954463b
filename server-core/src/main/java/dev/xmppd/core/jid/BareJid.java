package dev.xmppd.core.jid;

import java.util.Objects;

/**
 * A JID without resource: {@code local@domain} or {@code domain}.
 *
 * <p>The constructor normalizes (RFC 7622 §3.2, §3.3), so every instance holds canonical parts and equality is
 * address equality: {@code new BareJid("Juliet", "Example.COM")} equals {@code juliet@example.com}.
 */
public final class BareJid implements Jid {

    private final String local;
    private final String domain;
    /**
     * The string form, made on first use. A JID is a map key and is written into every stanza it addresses, so it
     * is hashed and printed once per message or more: a record's generated {@code equals}, {@code hashCode} and
     * {@code toString} (method-handle based, recomputed on every call) cost about a tenth of the routing path's CPU in
     * a profile of one-to-one messages (docs/performance.md, run of 2026-11-27 16:30). Racy single check: every
     * thread computes the same immutable string.
     */
    private String text;
    private int hash;

    /**
     * Normalizes and checks each part.
     *
     * @param local the localpart, or {@code null} for a domain address
     * @param domain the domainpart
     * @throws JidFormatException if a part is empty, too long or not allowed
     */
    public BareJid(String local, String domain) {
        this.local = local == null ? null : JidParser.localpart(local);
        this.domain = Domainpart.normalize(domain);
    }

    /** Normalizes and checks each part; {@code local} may be {@code null}. */
    public static BareJid of(String local, String domain) {
        return new BareJid(local, domain);
    }

    /** Parses an address that must not carry a resource. */
    public static BareJid parse(String address) {
        Jid jid = Jid.parse(address);
        if (!(jid instanceof BareJid bare)) {
            throw new JidFormatException("address: has a resourcepart (expected: a bare JID)");
        }
        return bare;
    }

    @Override
    public String resource() {
        return null;
    }

    @Override
    public BareJid bare() {
        return this;
    }

    /** This address with a resource, normalized and checked (RFC 7622 §3.4). */
    @Override
    public FullJid withResource(String resource) {
        return new FullJid(this, resource);
    }

    /** The localpart, or {@code null} for a domain address. */
    @Override
    public String local() {
        return local;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof BareJid other && hashCode() == other.hashCode()
                && domain.equals(other.domain) && Objects.equals(local, other.local);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Objects.hashCode(local) + domain.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = local == null ? domain : local + '@' + domain;
            text = t;
        }
        return t;
    }
}
