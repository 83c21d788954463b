package dev.xmppd.core.jid;

/**
 * A JID without resource: {@code local@domain} or {@code domain}.
 *
 * <p>The constructor normalizes (RFC 7622 §3.2, §3.3), so every instance holds canonical parts and equality is
 * address equality: {@code new BareJid("Juliet", "Example.COM")} equals {@code juliet@example.com}.
 *
 * @param local the localpart, or {@code null} for a domain address
 * @param domain the domainpart
 * @throws JidFormatException if a part is empty, too long or not allowed
 */
public record BareJid(String local, String domain) implements Jid {

    public BareJid {
        local = local == null ? null : JidParser.localpart(local);
        domain = Domainpart.normalize(domain);
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

    @Override
    public String toString() {
        return local == null ? domain : local + '@' + domain;
    }
}
