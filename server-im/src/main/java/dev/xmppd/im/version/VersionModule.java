package dev.xmppd.im.version;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.xml.XmlElement;
import javax.xml.namespace.QName;

/**
 * Software version (XEP-0092) of the server: its name and version. The operating system is left out on purpose
 * (XEP-0092, Security Considerations: it tells attackers more than users).
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='v1'&gt;&lt;query xmlns='jabber:iq:version'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='v1'&gt;&lt;query xmlns='jabber:iq:version'&gt;
 *      &lt;name&gt;xmppd&lt;/name&gt;&lt;version&gt;0.1.0&lt;/version&gt;&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
public final class VersionModule implements XmppModule {
    public static final String NS = "jabber:iq:version";
    public static final QName QUERY = new QName(NS, "query");
    public static final String NAME = "xmppd";

    private final String version;

    /** Reports the version of the jars' manifests ({@code Implementation-Version}), or {@code dev}. */
    public VersionModule() {
        this(currentVersion());
    }

    public VersionModule(String version) {
        this.version = requireNonNull(version, "version");
    }

    @Override
    public String name() {
        return "version";
    }

    @Override
    public void configure(ModuleContext ctx) {
        XmlElement answer = XmlElement.builder(NS, "query").textElement("name", NAME)
                .textElement("version", version).build();
        ctx.feature(NS);
        ctx.iq(IqType.GET, QUERY, RouteScope.SERVER, req -> req.result(answer));
    }

    /** The first {@code Implementation-Version} found: this module's jar, then server-core's; else {@code dev}. */
    static String currentVersion() {
        for (Class<?> c : new Class<?>[] {VersionModule.class, ModuleContext.class}) {
            String v = c.getPackage().getImplementationVersion();
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "dev";
    }
}
