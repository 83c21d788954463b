package dev.xmppd.im.caps;

import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.XmppModule;

/**
 * Entity capabilities of the server (XEP-0115 §6.3, stream feature as in §4): the {@code <c/>} element in the stream
 * features before and after authentication, so that a client can skip querying disco#info when it knows the
 * verification string. The string is computed on first use, once every module has registered its features; the
 * {@code disco} module answers disco#info for {@code node#ver}.
 *
 * <pre>
 * S: &lt;stream:features&gt;…&lt;c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://xmppd.dev'
 *        ver='…'/&gt;&lt;/stream:features&gt;
 * </pre>
 */
public final class CapsModule implements XmppModule {

    @Override
    public String name() {
        return "caps";
    }

    @Override
    public void configure(ModuleContext ctx) {
        EntityCaps caps = new EntityCaps(ctx.discoInfo());
        // XEP-0115 §6.3: an entity that sends caps advertises the caps feature.
        ctx.feature(EntityCaps.NS);
        ctx.streamFeature(StreamStage.PRE_AUTH, session -> caps.element());
        ctx.streamFeature(StreamStage.POST_AUTH, session -> caps.element());
    }
}
