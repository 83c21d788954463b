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

    /**
     * A message for a local account could not be handed to a connected client and waits: stored offline
     * ({@code recipient} is the account's bare JID), or queued for a XEP-0198 session whose connection is gone and
     * which waits for a resumption ({@code recipient} is that session's full JID). Push notifications (XEP-0357)
     * wake the user's device on it. Published on the thread that queued or stored the message: listeners must not
     * block.
     */
    public record MessageWaiting(dev.xmppd.core.jid.Jid recipient, dev.xmppd.core.stanza.Message message) {
    }

    /**
     * The server is about to stop, before any listener closes: what a module sends now still reaches local clients
     * and other servers (e.g. the MUC service's status 332). Published on the thread that stops the server, which
     * listeners may hold for a moment, never longer than {@link #STOPPING_GRACE}.
     */
    public record ServerStopping() {
    }

    /** The longest a {@link ServerStopping} listener may delay the stop. */
    public static final java.time.Duration STOPPING_GRACE = java.time.Duration.ofSeconds(2);
}
