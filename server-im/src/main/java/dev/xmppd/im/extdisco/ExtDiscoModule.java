package dev.xmppd.im.extdisco;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.TurnConfig;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External service discovery (XEP-0215) of the STUN/TURN server in {@code turn}: clients that place audio and video
 * calls (Jingle, XEP-0167/XEP-0176) ask the server where to find STUN and TURN, and get TURN credentials in the
 * shared-secret scheme of coturn's {@code use-auth-secret} (draft-uberti-behave-turn-rest): the user name is the
 * expiry as Unix time, a colon and the account's bare JID; the password is the Base64 HMAC-SHA1 of the user name
 * under the secret. Accounts of the host only ({@code forbidden} otherwise, §3.1). Without {@code turn.host} the
 * module offers nothing.
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='x1'&gt;&lt;services xmlns='urn:xmpp:extdisco:2'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='x1'&gt;&lt;services xmlns='urn:xmpp:extdisco:2'&gt;
 *      &lt;service type='stun' host='turn.example.com' port='3478' transport='udp'/&gt;
 *      &lt;service type='turn' host='turn.example.com' port='3478' transport='udp' restricted='1'
 *        username='1764374400:romeo@example.com' password='…' expires='2025-11-29T00:00:00Z'/&gt;…
 * </pre>
 */
public final class ExtDiscoModule implements XmppModule {
    public static final String NS = "urn:xmpp:extdisco:2";
    private static final Logger log = LoggerFactory.getLogger(ExtDiscoModule.class);

    private final Clock clock;
    private TurnConfig turn;
    private String host;

    public ExtDiscoModule() {
        this(Clock.systemUTC());
    }

    /** With a clock for the credentials' expiry: for tests. */
    ExtDiscoModule(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "extdisco";
    }

    /** One announced service: what §3.2 puts in a {@code <service/>}, before credentials. */
    private record Service(String type, String transport, int port, boolean restricted) {
    }

    @Override
    public void configure(ModuleContext ctx) {
        turn = ctx.config().turn();
        host = ctx.host();
        if (turn.host() == null) {
            log.debug("extdisco: no STUN/TURN server announced on {} (turn.host is not set)", host);
            return;
        }
        ctx.feature(NS);
        ctx.iq(IqType.GET, new QName(NS, "services"), RouteScope.SERVER, this::services);
        ctx.iq(IqType.GET, new QName(NS, "credentials"), RouteScope.SERVER, this::credentials);
        log.info("extdisco: {} announces STUN{} at {}:{}", host, turn.secret() == null ? "" : " and TURN", turn.host(),
                turn.port());
    }

    /** STUN over UDP; with a secret also TURN over UDP and TCP, and over TLS when a TLS port is set. */
    private List<Service> announced() {
        List<Service> all = new ArrayList<>(4);
        all.add(new Service("stun", "udp", turn.port(), false));
        if (turn.secret() != null) {
            all.add(new Service("turn", "udp", turn.port(), true));
            all.add(new Service("turn", "tcp", turn.port(), true));
            if (turn.tlsPort() != 0) {
                all.add(new Service("turns", "tcp", turn.tlsPort(), true));
            }
        }
        return all;
    }

    /** §3.1 and §3.2: every service, or those of the requested type, with credentials for the restricted ones. */
    private CompletionStage<Iq> services(IqRequest req) {
        Jid requester = allowed(req);
        String type = req.payload().attribute("type");
        XmlElement.Builder services = XmlElement.builder(NS, "services").attribute("type", type);
        for (Service s : announced()) {
            if (type == null || type.equals(s.type())) {
                services.child(element(s, requester));
            }
        }
        return req.result(services.build());
    }

    /** §3.3: fresh credentials for the services named by type and host (and port, if given). */
    private CompletionStage<Iq> credentials(IqRequest req) {
        Jid requester = allowed(req);
        XmlElement.Builder credentials = XmlElement.builder(NS, "credentials");
        boolean found = false;
        for (XmlElement wanted : req.payload().elements()) {
            String port = wanted.attribute("port");
            for (Service s : announced()) {
                if (wanted.is(NS, "service") && s.type().equals(wanted.attribute("type"))
                        && turn.host().equals(wanted.attribute("host"))
                        && (port == null || port.equals(Integer.toString(s.port())))) {
                    credentials.child(element(s, requester));
                    found = true;
                }
            }
        }
        if (!found) {
            throw new StanzaException(StanzaError.of(Condition.ITEM_NOT_FOUND,
                    "no such service: ask for one listed in <services/> by type and host"));
        }
        return req.result(credentials.build());
    }

    private Jid allowed(IqRequest req) {
        Jid from = req.from();
        if (from == null || from.local() == null || !host.equals(from.domain())) {
            throw new StanzaException(StanzaError.of(Condition.FORBIDDEN,
                    "only accounts of " + host + " may use its STUN/TURN services"));
        }
        return from;
    }

    private XmlElement element(Service s, Jid requester) {
        XmlElement.Builder e = XmlElement.builder(NS, "service").attribute("type", s.type())
                .attribute("host", turn.host()).attribute("port", Integer.toString(s.port()))
                .attribute("transport", s.transport());
        if (s.restricted()) {
            Instant expires = clock.instant().plus(turn.credentialsTtl()).truncatedTo(ChronoUnit.SECONDS);
            String username = expires.getEpochSecond() + ":" + requester.bare();
            e.attribute("restricted", "1").attribute("username", username)
                    .attribute("password", password(turn.secret(), username))
                    .attribute("expires", expires.toString());
        }
        return e.build();
    }

    /** The TURN REST password: Base64(HMAC-SHA1(secret, username)), as coturn checks it. */
    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }
}
