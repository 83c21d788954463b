package dev.xmppd.im.push;

import dev.xmppd.core.config.PushConfig;
import dev.xmppd.core.disco.AccountDisco;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push notifications (XEP-0357), the user's server's side: a client registers an XMPP Push Service (its "app
 * server") with {@code <enable/>}, and when a message that would wake the user has to wait — stored offline, or
 * queued for a XEP-0198 session whose connection is gone (an iOS app suspended in the background) — the server
 * publishes a notification to that service, which wakes the device through APNs or FCM; the app then connects and
 * fetches the message.
 *
 * <pre>
 * C: &lt;iq type='set'&gt;&lt;enable xmlns='urn:xmpp:push:0' jid='push.example' node='yxs32uqsflafdk3iuqo'&gt;
 *      &lt;x xmlns='jabber:x:data' type='submit'&gt;…FORM_TYPE publish-options, secret…&lt;/x&gt;&lt;/enable&gt;&lt;/iq&gt;
 * S: &lt;iq type='result'/&gt;
 *   (the client is gone; a message arrives and waits)
 * S → push.example: &lt;iq type='set'&gt;&lt;pubsub&gt;&lt;publish node='yxs32uqsflafdk3iuqo'&gt;…&lt;/publish&gt;
 *      &lt;publish-options&gt;…&lt;/publish-options&gt;&lt;/pubsub&gt;&lt;/iq&gt;
 * </pre>
 *
 * <p>Which registrations a waiting message wakes: one stored offline wakes all of the account's registrations (no
 * client of the account is online); one queued for a detached session wakes the registrations that session's
 * resource enabled (the client that will resume), as a registration belongs to the client that enabled it. The
 * publish leaves from the user's bare JID (as Prosody and ejabberd send it; XEP-0357's examples use the server's
 * domain, which it allows too) through the router, so push services on other servers are reached by federation; the
 * answer ends at the server.
 */
public final class PushModule implements XmppModule {
    static final QName ENABLE = new QName(Registration.NS, "enable");
    static final QName DISABLE = new QName(Registration.NS, "disable");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(PushModule.class);

    private final PushConfig fixed;
    private final List<Runnable> undo = new ArrayList<>();
    private ScheduledThreadPoolExecutor timer;

    /** As configured in {@code push} ({@link PushConfig}). */
    public PushModule() {
        this(null);
    }

    /** With these settings instead of the configuration's (tests). */
    PushModule(PushConfig fixed) {
        this.fixed = fixed;
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public void configure(ModuleContext ctx) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "xmppd-push-" + ctx.host());
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        configure(ctx, (delay, task) -> {
            try {
                timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // The module is closing: what the window would have collected is not published.
            }
        });
    }

    /** With the notifier's timer given (tests run windows by hand). */
    void configure(ModuleContext ctx, Notifier.Delay delay) {
        PushConfig config = fixed != null ? fixed : ctx.config().push();
        Registrations registrations = new Registrations(ctx.storage().keyValue(Registrations.STORE),
                config.maxPerAccount());
        // From the user's bare JID, as Prosody and ejabberd do: push services may tell users apart by it.
        Notifier notifier = new Notifier(registrations,
                (account, to, payload) -> ctx.request(account, IqType.SET, to, payload, TIMEOUT), delay,
                config.coalesce(), config.includeBody());
        // XEP-0357 §5: the feature is on the account's bare JID.
        undo.add(ctx.require(AccountDisco.class).get().feature(Registration.NS));
        ctx.iq(IqType.SET, ENABLE, RouteScope.ACCOUNT, request -> enable(request, registrations));
        ctx.iq(IqType.SET, DISABLE, RouteScope.ACCOUNT, request -> disable(request, registrations));
        ctx.on(Events.MessageWaiting.class, e -> {
            Jid recipient = e.recipient();
            if (!recipient.domain().equals(ctx.host()) || !WakeRule.wakes(e.message())) {
                return;
            }
            BareJid account = recipient.bare();
            registrations.of(account).whenComplete((all, failure) -> {
                if (failure != null) {
                    log.warn("push: could not read the push services of {}: {}", account, failure.getMessage());
                    return;
                }
                for (Registration r : all) {
                    if (recipient.isBare() || recipient.resource().equals(r.resource())) {
                        notifier.notify(account, r, e.message());
                    }
                }
            });
        });
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
        undo.clear();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static CompletionStage<Iq> enable(IqRequest request, Registrations registrations) {
        owner(request);
        Registration r = Registration.fromEnable(request.payload(), request.from().resource());
        return registrations.enable(request.target(), r).thenApply(v -> {
            log.debug("push: {} enabled {} (node {})", request.from(), r.jid(), r.node());
            return request.iq().result();
        });
    }

    private static CompletionStage<Iq> disable(IqRequest request, Registrations registrations) {
        owner(request);
        String jid = Registration.serviceJid(request.payload());
        String node = request.payload().attribute("node");
        return registrations.disable(request.target(), jid, node).thenApply(n -> request.iq().result());
    }

    /** XEP-0357 §5: only the account itself changes where its notifications go. */
    private static void owner(IqRequest request) {
        if (!request.isSelf()) {
            throw new StanzaException(Condition.FORBIDDEN, "only the account itself may enable or disable push");
        }
    }
}
