package dev.xmppd.core.module;

/** Typed events modules listen to with {@link ModuleContext#on}. */
public final class Events {
    private Events() {
    }

    /** A client bound a resource and can now send and receive stanzas. */
    public record SessionBound(dev.xmppd.core.session.Session session) {
    }

    /** A bound session ended, cleanly or not. */
    public record SessionClosed(dev.xmppd.core.session.Session session) {
    }
}
