package dev.xmppd.core.jid;

import static java.util.Objects.requireNonNull;

/**
 * A JID with a resource: {@code local@domain/resource} or {@code domain/resource}.
 *
 * <p>The constructor normalizes the resourcepart (RFC 7622 §3.4, PRECIS OpaqueString: case and width are kept);
 * the bare part is a {@link BareJid} and so already normalized.
 */
public final class FullJid implements Jid {

    private final BareJid bare;
    private final String resource;
    /** The string form, made on first use (why: {@link BareJid}'s field of the same name). */
    private String text;
    private int hash;

    /**
     * Normalizes and checks each part.
     *
     * @param bare the address without resource
     * @param resource the resourcepart
     * @throws JidFormatException if the resourcepart is empty, too long or not allowed
     */
    public FullJid(BareJid bare, String resource) {
        this.bare = requireNonNull(bare, "bare");
        this.resource = JidParser.resourcepart(resource);
    }

    /** Normalizes and checks each part; {@code local} may be {@code null}. */
    public static FullJid of(String local, String domain, String resource) {
        return new FullJid(new BareJid(local, domain), resource);
    }

    /** Parses an address that must carry a resource. */
    public static FullJid parse(String address) {
        Jid jid = Jid.parse(address);
        if (!(jid instanceof FullJid full)) {
            throw new JidFormatException("address: has no resourcepart (expected: a full JID)");
        }
        return full;
    }

    @Override
    public String local() {
        return bare.local();
    }

    @Override
    public String domain() {
        return bare.domain();
    }

    /** The same bare address with another resource. */
    @Override
    public FullJid withResource(String newResource) {
        return new FullJid(bare, newResource);
    }

    @Override
    public BareJid bare() {
        return bare;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FullJid other && hashCode() == other.hashCode()
                && resource.equals(other.resource) && bare.equals(other.bare);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * bare.hashCode() + resource.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = bare + "/" + resource;
            text = t;
        }
        return t;
    }
}
