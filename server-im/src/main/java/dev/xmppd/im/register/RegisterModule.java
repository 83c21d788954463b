package dev.xmppd.im.register;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.module.IqHandler;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-band registration (XEP-0077), only when {@code registration.enabled} is set: before authentication a client
 * asks for the fields and creates an account; after it, the user reads its registration, changes its password or
 * removes its account ({@link OwnAccount}). With registration off the module registers nothing.
 *
 * <pre>
 * C: &lt;iq type='get' id='r1'&gt;&lt;query xmlns='jabber:iq:register'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='r1'&gt;&lt;query xmlns='jabber:iq:register'&gt;
 *        &lt;instructions&gt;…&lt;/instructions&gt;
 *        &lt;username/&gt;&lt;password/&gt;&lt;/query&gt;&lt;/iq&gt;
 * C: &lt;iq type='set' id='r2'&gt;&lt;query xmlns='jabber:iq:register'&gt;&lt;username&gt;bill&lt;/username&gt;
 *        &lt;password&gt;Calliope&lt;/password&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='r2'/&gt;
 * </pre>
 *
 * <p>The form also comes as a XEP-0004 data form (XEP-0077 §4: {@code FORM_TYPE} {@code jabber:iq:register}, the
 * fields {@code username} and {@code password}), and a client may submit either: the legacy fields or the form.
 */
public final class RegisterModule implements XmppModule {
    public static final String NS = "jabber:iq:register";
    public static final QName QUERY = new QName(NS, "query");
    /** The stream feature of XEP-0077 §5. */
    public static final String FEATURE_NS = "http://jabber.org/features/iq-register";
    /** Accounts one client address may create per hour. */
    public static final int PER_ADDRESS_PER_HOUR = 5;

    private static final Logger log = LoggerFactory.getLogger(RegisterModule.class);
    private static final int TRACKED_ADDRESSES = 10_000;

    private final Clock clock;
    private String host;
    private AccountStore accounts;
    private PasswordHasher hasher;
    private RegistrationLimiter limiter;

    public RegisterModule() {
        this(Clock.systemUTC());
    }

    /** With the clock of the per-address limit. */
    public RegisterModule(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public void configure(ModuleContext ctx) {
        if (!ctx.config().registration().enabled()) {
            return;
        }
        host = ctx.host();
        accounts = ctx.storage().accounts();
        log.info("In-band registration (XEP-0077) is open on {}: anyone who reaches the server can create an "
                + "account, at most {} per address per hour", host, PER_ADDRESS_PER_HOUR);
        hasher = new PasswordHasher("xmppd-register", ctx.config().auth().scramIterations(), 2, 64);
        limiter = new RegistrationLimiter(PER_ADDRESS_PER_HOUR, Duration.ofHours(1), TRACKED_ADDRESSES, clock);
        XmlElement feature = XmlElement.empty(FEATURE_NS, "register");
        ctx.feature(NS);
        ctx.streamFeature(StreamStage.PRE_AUTH, session -> feature);
        ctx.iq(IqType.GET, QUERY, RouteScope.UNAUTHENTICATED, this::form);
        ctx.iq(IqType.SET, QUERY, RouteScope.UNAUTHENTICATED, req -> withoutEcho(req, this::register));
        OwnAccount own = new OwnAccount(ctx, hasher);
        for (RouteScope scope : List.of(RouteScope.SERVER, RouteScope.ACCOUNT)) {
            ctx.iq(IqType.GET, QUERY, scope, own::registration);
            ctx.iq(IqType.SET, QUERY, scope, req -> withoutEcho(req, own::change));
        }
    }

    @Override
    public void close() {
        if (hasher != null) {
            hasher.close();
        }
    }

    /**
     * XEP-0077 §3.1: the fields to fill in (an unauthenticated entity is assumed unregistered), as legacy fields and,
     * for clients that prefer it, as a data form (§4).
     */
    private CompletionStage<Iq> form(IqRequest req) {
        String instructions = "Choose a username and password to register with " + host + ".";
        DataForm form = DataForm.form(NS, "Register with " + host, instructions,
                FormField.of(FormField.TEXT_SINGLE, "username", "Username").asRequired(),
                FormField.of(FormField.TEXT_PRIVATE, "password", "Password").asRequired());
        return req.result(XmlElement.builder(NS, "query")
                .textElement("instructions", instructions)
                .child(XmlElement.empty(NS, "username"))
                .child(XmlElement.empty(NS, "password"))
                .child(form.toElement())
                .build());
    }

    /**
     * The username and password a request submits: from its data form when it has one (XEP-0077 §4), else from the
     * legacy fields; {@code null} for what is missing.
     *
     * @throws StanzaException {@code bad-request} for a form that is not a submission of {@code jabber:iq:register}
     */
    private static Submitted submitted(XmlElement query) {
        XmlElement x = query.element(DataForm.NS, "x");
        if (x == null) {
            return new Submitted(query.childText(NS, "username"), query.childText(NS, "password"));
        }
        DataForm form;
        try {
            form = DataForm.parse(x);
        } catch (IllegalArgumentException e) {
            throw new StanzaException(Condition.BAD_REQUEST, "the data form: " + e.getMessage());
        }
        // XEP-0068: a submission carries the FORM_TYPE of its form; one that leaves it out is taken all the same.
        if (form.type() != DataForm.Type.SUBMIT || form.formType() != null && !NS.equals(form.formType())) {
            throw new StanzaException(Condition.BAD_REQUEST,
                    "the data form: expected a submission with FORM_TYPE " + NS);
        }
        return new Submitted(form.value("username"), form.value("password"));
    }

    /** What a registration request submits; {@code null} for a field it leaves out. */
    private record Submitted(String username, String password) {
    }

    private CompletionStage<Iq> register(IqRequest req) {
        XmlElement query = req.payload();
        if (query.element(NS, "remove") != null) {
            // XEP-0077 §3.2: no account to remove before authentication.
            throw new StanzaException(Condition.UNEXPECTED_REQUEST, "authenticate before removing an account");
        }
        Submitted fields = submitted(query);
        String username = fields.username();
        String password = fields.password();
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            // XEP-0077 §3.1: every field of the form, an empty password included, is required.
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "username and password are required");
        }
        BareJid jid = accountJid(username, host);
        String origin = req.origin() == null ? "unknown" : req.origin();
        if (!limiter.tryAcquire(origin)) {
            throw new StanzaException(Condition.RESOURCE_CONSTRAINT, "too many registrations from your address "
                    + "(at most " + PER_ADDRESS_PER_HOUR + " per hour); try again later");
        }
        return hasher.derive(password)
                .thenCompose(credentials -> accounts.create(jid, credentials))
                .handle((created, failure) -> {
                    if (failure != null || !created) {
                        limiter.release(origin);
                    }
                    if (failure != null) {
                        throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                    }
                    if (!created) {
                        throw new StanzaException(Condition.CONFLICT, "the username is taken");
                    }
                    log.info("Registered {} in-band from {}", jid, origin);
                    return req.iq().result();
                });
    }

    /**
     * The account a username names on this host.
     *
     * @throws StanzaException {@code jid-malformed} if it is not a valid localpart (RFC 7622 §3.3)
     */
    static BareJid accountJid(String username, String host) {
        try {
            return BareJid.of(username, host);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, "username: not a valid localpart (RFC 7622 §3.3)");
        }
    }

    /**
     * Runs a handler and answers its stanza errors without the request's payload, which holds a password (XEP-0077
     * §3.3: do not return the original XML in errors about passwords).
     */
    static CompletionStage<Iq> withoutEcho(IqRequest req, IqHandler handler) {
        CompletionStage<Iq> reply;
        try {
            reply = handler.handle(req);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StanzaException se) {
                return errorOnly(req.iq(), se.error());
            }
            throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
        });
    }

    private static Iq errorOnly(Iq request, StanzaError error) {
        Iq reply = request.error(error);
        XmlElement e = reply.element();
        return new Iq(e.withChildren(List.of(e.element(e.namespace(), "error"))), reply.to(), reply.from(),
                reply.type());
    }
}
