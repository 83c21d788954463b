package dev.xmppd.core.module;

/** Typed events modules listen to with {@link ModuleContext#on}. */
public final class Events {
    private Events() {
    }

    /** A client bound a resource and can now send and receive stanzas. */
    public record SessionBound(dev.xmppd.core.session.Session session) {
    }

    /**
     * A session changed its own broadcast presence (RFC 6121 §4.2, §4.4, §4.5): {@code previous} is null for
     * initial presence, {@code current} null for unavailable presence.
     */
    public record PresenceChanged(dev.xmppd.core.session.Session session, dev.xmppd.core.stanza.Presence previous,
            dev.xmppd.core.stanza.Presence current) {
    }

    /** A bound session ended, cleanly or not. Its last presence is still readable. */
    public record SessionClosed(dev.xmppd.core.session.Session session) {
    }
}
