package dev.xmppd.im.ping;

import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.IqType;
import javax.xml.namespace.QName;

/**
 * XMPP Ping (XEP-0199): the server answers pings to itself and, on an account's behalf, to a bare JID.
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='p1'&gt;&lt;ping xmlns='urn:xmpp:ping'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='p1'/&gt;
 * </pre>
 */
public final class PingModule implements XmppModule {
    public static final QName PING = new QName("urn:xmpp:ping", "ping");

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public void configure(ModuleContext ctx) {
        ctx.feature(PING.getNamespaceURI());
        ctx.iq(IqType.GET, PING, RouteScope.SERVER, IqRequest::result);
        ctx.iq(IqType.GET, PING, RouteScope.ACCOUNT, IqRequest::result);
    }
}
