package dev.xmppd.core.jid;

/** A JID without resource: {@code local@domain} or {@code domain}. Components are already normalized. */
public record BareJid(String local, String domain) implements Jid {

    public BareJid {
        if (domain == null || domain.isEmpty()) {
            throw new JidFormatException("domainpart is empty");
        }
    }

    /** Normalizes and checks each part. */
    public static BareJid of(String local, String domain) {
        return JidParser.bare(local, domain);
    }

    /** Parses an address that must not carry a resource. */
    public static BareJid parse(String address) {
        Jid jid = Jid.parse(address);
        if (!(jid instanceof BareJid bare)) {
            throw new JidFormatException("not a bare JID: " + address);
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

    /** This address with a resource, normalized and checked. */
    public FullJid withResource(String resource) {
        return JidParser.full(this, resource);
    }

    @Override
    public String toString() {
        return local == null ? domain : local + '@' + domain;
    }
}
