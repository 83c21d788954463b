package dev.xmppd.core.module;

/**
 * A feature of the server: one class and one {@link #configure} (DESIGN.md §3). It touches the server only
 * through its {@link ModuleContext}, which records every registration, so closing the context undoes them all.
 *
 * <pre>{@code
 * public final class PingModule implements XmppModule {
 *     public String name() { return "ping"; }
 *     public void configure(ModuleContext ctx) {
 *         ctx.feature("urn:xmpp:ping");
 *         ctx.iq(IqType.GET, PING, RouteScope.SERVER, IqRequest::result);
 *     }
 * }
 * }</pre>
 */
public interface XmppModule {

    /** The name operators enable it by, in {@code modules: [...]}. */
    String name();

    /** Registers handlers, features and listeners. Called once per virtual host, before any stanza flows. */
    void configure(ModuleContext ctx);

    /** Releases what the module holds beyond its registrations (those are undone by the context). */
    default void close() {
    }
}
