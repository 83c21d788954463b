package dev.xmppd.im.upload;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ServiceDomain;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.ErrorType;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.upload.SlotTicket;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code upload.<host>} service (XEP-0363): disco#info with identity store/file, the feature and the
 * {@code max-file-size} form (XEP-0128), and slots for the accounts of its host. A slot is a {@link SlotTicket}
 * signed with the upload key; nothing is stored, so this runs on the sender's thread without locks or I/O.
 *
 * <pre>
 * C: &lt;iq type='get' to='upload.example.com' id='s1'&gt;
 *      &lt;request xmlns='urn:xmpp:http:upload:0' filename='a.jpg' size='23456' content-type='image/jpeg'/&gt;
 *    &lt;/iq&gt;
 * S: &lt;iq type='result' from='upload.example.com' id='s1'&gt;&lt;slot xmlns='urn:xmpp:http:upload:0'&gt;
 *      &lt;put url='https://example.com:5281/upload/Xw...Q/a.jpg?token=...'/&gt;
 *      &lt;get url='https://example.com:5281/upload/Xw...Q/a.jpg'/&gt;&lt;/slot&gt;&lt;/iq&gt;
 * </pre>
 */
final class UploadService extends ServiceDomain {
    static final String NS = "urn:xmpp:http:upload:0";
    static final String DATA = "jabber:x:data";
    static final String NAME = "HTTP File Upload";
    /** How long a slot may wait for its PUT. */
    static final Duration SLOT_LIFETIME = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String host;
    private final String domain;
    private final String urlBase;
    private final long maxFileBytes;
    private final UploadQuota quota;
    private final byte[] key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param urlBase the scheme, authority and optional path prefix of the URLs, without trailing '/'
     */
    UploadService(String host, String urlBase, long maxFileBytes, UploadQuota quota, byte[] key, Clock clock,
            Consumer<Stanza> out) {
        super(out, "takes slot requests");
        this.host = requireNonNull(host, "host");
        this.domain = "upload." + host;
        this.urlBase = requireNonNull(urlBase, "urlBase");
        this.maxFileBytes = maxFileBytes;
        this.quota = requireNonNull(quota, "quota");
        this.key = key.clone();
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    protected Iq request(Iq iq, XmlElement payload) {
        return iq.type() == IqType.GET && payload.is(NS, "request") ? slot(iq, payload) : null;
    }

    /** §3: identity store/file, the feature, and the maximum size as a XEP-0128 form. */
    @Override
    protected XmlElement info() {
        XmlElement form = XmlElement.builder(DATA, "x").attribute("type", "result")
                .child(field("FORM_TYPE", "hidden", NS))
                .child(field("max-file-size", null, Long.toString(maxFileBytes)))
                .build();
        return infoQuery("store", "file", NAME, NS).child(form).build();
    }

    private Iq slot(Iq iq, XmlElement payload) {
        try {
            Jid requester = iq.from();
            if (requester == null || requester.local() == null || !host.equals(requester.domain())) {
                throw new SlotException(StanzaError.of(Condition.FORBIDDEN,
                        "only accounts of " + host + " may upload files here"));
            }
            SlotRequest request = SlotRequest.parse(payload);
            long limit = Math.min(maxFileBytes, quota.quotaBytes());
            if (request.size() > limit) {
                throw new SlotException(new StanzaError(Condition.NOT_ACCEPTABLE, ErrorType.MODIFY,
                        "File too large. The maximum file size is " + limit + " bytes"),
                        XmlElement.builder(NS, "file-too-large").textElement("max-file-size", Long.toString(limit))
                                .build());
            }
            String owner = requester.bare().toString();
            Instant retry = quota.tryGrant(owner, request.size());
            if (retry != null) {
                log.info("upload: {} refused a slot of {} bytes to {}: the daily quota of {} bytes is used up",
                        domain, request.size(), owner, quota.quotaBytes());
                throw new SlotException(new StanzaError(Condition.RESOURCE_CONSTRAINT, ErrorType.WAIT,
                        "Quota reached: " + quota.quotaBytes() + " bytes per 24 hours"),
                        XmlElement.builder(NS, "retry").attribute("stamp",
                                DateTimeFormatter.ISO_INSTANT.format(retry.truncatedTo(ChronoUnit.SECONDS))).build());
            }
            byte[] id = new byte[16];
            random.nextBytes(id);
            SlotTicket ticket = new SlotTicket(B64.encodeToString(id), request.filename(), request.size(),
                    request.contentType(), clock.instant().plus(SLOT_LIFETIME), owner);
            String get = urlBase + ticket.path();
            log.debug("upload: {} granted slot {} ({} bytes, '{}') to {}", domain, ticket.id(), ticket.size(),
                    ticket.contentType(), owner);
            return iq.result(XmlElement.builder(NS, "slot")
                    .child(XmlElement.builder(NS, "put").attribute("url", get + "?token=" + ticket.token(key)).build())
                    .child(XmlElement.builder(NS, "get").attribute("url", get).build())
                    .build());
        } catch (SlotException e) {
            return error(iq, e);
        }
    }

    /** The error reply with the §6 element ({@code file-too-large}, {@code retry}) inside {@code <error/>}. */
    private static Iq error(Iq iq, SlotException e) {
        Iq reply = iq.error(e.error());
        if (e.detail() == null) {
            return reply;
        }
        List<XmlNode> children = new ArrayList<>(reply.element().children());
        for (int i = children.size() - 1; i >= 0; i--) {
            if (children.get(i) instanceof XmlElement el && el.name().equals("error")) {
                children.set(i, el.withChild(e.detail()));
                break;
            }
        }
        return (Iq) Stanza.parse(reply.element().withChildren(children));
    }

    private static XmlElement field(String var, String type, String value) {
        return XmlElement.builder(DATA, "field").attribute("var", var).attribute("type", type)
                .textElement("value", value).build();
    }
}
