package dev.xmppd.im.presence;

import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterService;
import java.util.function.Supplier;

/**
 * Presence (RFC 6121 §3, §4): subscriptions with every transition of Appendix A and pre-approval (§3.4), presence
 * broadcast to subscribers and the user's own resources, probes, directed presence, and unavailable presence when a
 * session ends. Needs the {@code roster} module.
 *
 * <pre>
 * C: &lt;presence/&gt;
 * S: &lt;presence from='juliet@example.com/balcony' to='romeo@example.net'/&gt;       (to each subscriber)
 * S: &lt;presence from='juliet@example.com' to='romeo@example.net' type='probe'/&gt; (to each contact she sees)
 * </pre>
 */
public final class PresenceModule implements XmppModule {
    /** The pre-approval stream feature (RFC 6121 §3.4). */
    public static final String PRE_APPROVAL = "urn:xmpp:features:pre-approval";

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public void configure(ModuleContext ctx) {
        Supplier<RosterService> rosters = ctx.require(RosterService.class);
        ServerSends sends = new ServerSends(ctx);
        Subscriptions subscriptions = new Subscriptions(ctx, rosters, sends);
        Broadcasts broadcasts = new Broadcasts(ctx, rosters, sends);
        ctx.streamFeature(StreamStage.POST_AUTH, s -> XmlElement.empty(PRE_APPROVAL, "sub"));
        ctx.rewritePresence(Phase.PRE_ROUTE, subscriptions::outbound);
        ctx.onPresence(Phase.PRE_ROUTE, broadcasts::fromClient);
        ctx.onPresence(Phase.FILTER, subscriptions::inbound);
        ctx.onPresence(Phase.FILTER, broadcasts::probe);
        ctx.on(Events.SessionBound.class, e -> broadcasts.sessionBound(e.session()));
        ctx.on(Events.SessionClosed.class, e -> broadcasts.sessionClosed(e.session()));
    }
}
