package dev.xmppd.core.jid;

import static java.util.Objects.requireNonNull;

/** A JID with a resource: {@code local@domain/resource} or {@code domain/resource}. */
public record FullJid(BareJid bare, String resource) implements Jid {

    public FullJid {
        requireNonNull(bare, "bare");
        if (resource == null || resource.isEmpty()) {
            throw new JidFormatException("resourcepart is empty");
        }
    }

    @Override
    public String local() {
        return bare.local();
    }

    @Override
    public String domain() {
        return bare.domain();
    }

    @Override
    public String toString() {
        return bare + "/" + resource;
    }
}
