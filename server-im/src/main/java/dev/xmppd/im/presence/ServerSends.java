package dev.xmppd.im.presence;

import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.stanza.Stanza;

/**
 * Routes stanzas the presence module sends on a user's behalf (broadcasts, probe answers), and lets its own
 * PRE_ROUTE handlers tell them from what a client sent: a broadcast to a contact looks exactly like directed
 * presence (RFC 6121 §4.6), but must not be tracked as such. Routing runs the PRE_ROUTE phase on the calling
 * thread, so a per-thread depth is enough.
 */
final class ServerSends {
    private final ModuleContext ctx;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    ServerSends(ModuleContext ctx) {
        this.ctx = ctx;
    }

    void send(Stanza stanza) {
        int[] d = depth.get();
        d[0]++;
        try {
            ctx.send(stanza);
        } finally {
            d[0]--;
        }
    }

    /** True while this thread routes a stanza sent through {@link #send}. */
    boolean active() {
        return depth.get()[0] > 0;
    }
}
