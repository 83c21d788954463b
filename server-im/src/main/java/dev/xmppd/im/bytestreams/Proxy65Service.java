package dev.xmppd.im.bytestreams;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.bytestreams.BytestreamRelay;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.module.ServiceDomain;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxy.<host>} service (XEP-0065 §6): disco#info with identity proxy/bytestreams, the streamhost
 * (this server's SOCKS5 listener) for accounts of its host, and the activation of a bytestream whose two
 * connections are waiting at the listener. Only accounts of the host may use it (§6.3.2 {@code forbidden});
 * targets may be anyone, they only connect.
 *
 * <pre>
 * C: &lt;iq type='get' to='proxy.example.com' id='p1'&gt;&lt;query xmlns='http://jabber.org/protocol/bytestreams'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='proxy.example.com' id='p1'&gt;&lt;query xmlns='http://jabber.org/protocol/bytestreams'&gt;
 *      &lt;streamhost jid='proxy.example.com' host='example.com' port='7777'/&gt;&lt;/query&gt;&lt;/iq&gt;
 * C: &lt;iq type='set' to='proxy.example.com' id='p2'&gt;&lt;query xmlns='http://jabber.org/protocol/bytestreams'
 *      sid='vxf9n471bn46'&gt;&lt;activate&gt;target@example.org/bar&lt;/activate&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='proxy.example.com' id='p2'/&gt;
 * </pre>
 */
final class Proxy65Service extends ServiceDomain {
    static final String NS = "http://jabber.org/protocol/bytestreams";
    static final String NAME = "SOCKS5 Bytestreams Service";

    private static final Logger log = LoggerFactory.getLogger(Proxy65Service.class);

    private final String host;
    private final String domain;
    private final String streamHost;
    private final BytestreamRelay relay;

    /** @param streamHost the host name or address clients are told to connect to */
    Proxy65Service(String host, String streamHost, BytestreamRelay relay, Consumer<Stanza> out) {
        super(out, "mediates bytestreams");
        this.host = requireNonNull(host, "host");
        this.domain = "proxy." + host;
        this.streamHost = requireNonNull(streamHost, "streamHost");
        this.relay = requireNonNull(relay, "relay");
    }

    @Override
    protected Iq request(Iq iq, XmlElement payload) {
        if (!payload.is(NS, "query")) {
            return null;
        }
        return iq.type() == IqType.GET ? streamHost(iq) : activate(iq, payload);
    }

    /** §6.2: identity proxy/bytestreams and the feature. */
    @Override
    protected XmlElement info() {
        return infoQuery("proxy", "bytestreams", NAME, NS).build();
    }

    /** §6.3: the network address of the streamhost. */
    private Iq streamHost(Iq iq) {
        if (!isLocal(iq.from())) {
            return iq.error(StanzaError.of(Condition.FORBIDDEN, "only accounts of " + host + " may use this proxy"));
        }
        return iq.result(XmlElement.builder(NS, "query")
                .child(XmlElement.builder(NS, "streamhost").attribute("jid", domain).attribute("host", streamHost)
                        .attribute("port", Integer.toString(relay.port())).build())
                .build());
    }

    /** §6.3.5: relay between the two connections that sent SHA-1(sid + requester + target). */
    private Iq activate(Iq iq, XmlElement query) {
        Jid requester = iq.from();
        if (!isLocal(requester)) {
            return iq.error(StanzaError.of(Condition.FORBIDDEN, "only accounts of " + host + " may use this proxy"));
        }
        String sid = query.attribute("sid");
        String activate = query.childText(NS, "activate");
        if (sid == null || sid.isEmpty() || activate == null || activate.isBlank()) {
            return iq.error(StanzaError.of(Condition.BAD_REQUEST, "a 'sid' and the target's JID in <activate/>"));
        }
        Jid target;
        try {
            target = Jid.parse(activate.strip());
        } catch (JidFormatException e) {
            return iq.error(StanzaError.of(Condition.JID_MALFORMED, "<activate/>: " + e.getMessage()));
        }
        String destination = destination(sid, requester, target);
        return switch (relay.activate(destination)) {
            case ACTIVATED -> {
                log.debug("proxy65: {} activated bytestream {} to {}", requester, sid, target);
                yield iq.result();
            }
            case ONE_CONNECTED -> iq.error(StanzaError.of(Condition.NOT_ALLOWED,
                    "only one party is connected to the proxy for this bytestream"));
            case NONE_CONNECTED -> iq.error(StanzaError.of(Condition.ITEM_NOT_FOUND,
                    "no connection to the proxy for this stream id, requester and target"));
        };
    }

    private boolean isLocal(Jid jid) {
        return jid != null && jid.local() != null && host.equals(jid.domain());
    }

    /** §5.3.2: the lower-case hex SHA-1 of the stream id, the requester's full JID and the target's JID. */
    static String destination(String sid, Jid requester, Jid target) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] hash = sha1.digest((sid + requester + target).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
