package dev.xmppd.core.module;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.xml.namespace.QName;

/**
 * What a module sees of the server, for one virtual host. Every registration is recorded and undone when the
 * module is closed.
 */
public interface ModuleContext {

    /** The virtual host this module instance serves. */
    String host();

    XmppdConfig config();

    /** Answers IQs of this type whose payload has this qualified name, addressed as {@code scope} says. */
    void iq(IqType type, QName payload, RouteScope scope, IqHandler handler);

    void onMessage(Phase phase, StanzaHandler<Message> handler);

    void onPresence(Phase phase, StanzaHandler<Presence> handler);

    /**
     * Sees IQs in {@link Phase#PRE_ROUTE} (on the sender's host) or {@link Phase#FILTER} (on the addressee's host,
     * for IQs to a local account or one of its resources), e.g. to block them. Other phases are not run for IQs.
     */
    void onIq(Phase phase, StanzaHandler<Iq> handler);

    /**
     * Replaces messages in a phase, before that phase's handlers: return the message (or a changed copy), or
     * {@code null} to drop it silently.
     */
    void rewriteMessage(Phase phase, UnaryOperator<Message> rewriter);

    /** As {@link #rewriteMessage}, for presence (e.g. stamping a bare {@code from} on subscriptions, RFC 6121 §3.1.2). */
    void rewritePresence(Phase phase, UnaryOperator<Presence> rewriter);

    /**
     * Sees each message that is about to be delivered to, or stored for, an existing local account of this host,
     * after the FILTER and DELIVER handlers let it through (e.g. the archive adds its XEP-0359 stanza-id). Returns
     * the message to deliver, or {@code null} to drop it.
     */
    void onLocalMessage(UnaryOperator<Message> rewriter);

    /** Told after a message was written to sessions of a local account of this host. */
    void onMessageDelivered(MessageDeliveredListener listener);

    /** Offers a service to the other modules of this host (e.g. the roster to presence and blocking). */
    <T> void provide(Class<T> type, T service);

    /**
     * A service another module of this host provides. The supplier works once every module is configured; a service
     * nobody provides is a start-up error naming the module that needs it.
     */
    <T> Supplier<T> require(Class<T> type);

    /**
     * A service another module of this host may provide, for a module that works without it (e.g. PEP, which
     * unifies bookmarks with private XML storage when that is on), or the server itself offers (e.g. the XEP-0065
     * SOCKS5 listener, while it is configured). Empty when nobody provides it; during {@link XmppModule#configure}
     * only the services of modules configured before this one, and the server's, are there.
     */
    <T> Supplier<Optional<T>> optional(Class<T> type);

    /** Adds a feature to the server's disco#info (XEP-0030). */
    void feature(String var);

    /** Adds an identity to the server's disco#info (XEP-0030). */
    void identity(String category, String type, String name);

    /**
     * Adds a XEP-0128 form to the server's disco#info (and so to its XEP-0115 verification string): a
     * {@code jabber:x:data} form of type {@code result} whose first field is the hidden {@code FORM_TYPE}.
     */
    void discoForm(XmlElement form);

    /**
     * Serves a component domain (e.g. {@code conference.<host>}): every stanza to it or to a JID in it goes to the
     * handler. The domain also appears in the host's disco#items with this name (XEP-0030 §4).
     */
    void component(String domain, String name, ComponentHandler handler);

    /** Offers a stream feature to clients at this stage; the function may return {@code null} to offer nothing. */
    void streamFeature(StreamStage stage, Function<Session, XmlElement> feature);

    <E> void on(Class<E> eventType, Consumer<? super E> listener);

    /** Publishes a typed event (see {@link Events}) to every listener of the server, on this thread. */
    void publish(Object event);

    /** Routes a stanza the server originates ({@code from} must be set). */
    void send(Stanza stanza);

    /**
     * Sends an IQ get or set from this host to {@code to} (e.g. a XEP-0115 disco#info query to a client) and
     * completes with its response, a result or an error; fails with a {@code TimeoutException} after
     * {@code timeout}, or at once when too many of the server's requests are in flight.
     */
    CompletionStage<Iq> request(IqType type, Jid to, XmlElement payload, Duration timeout);

    /**
     * As {@link #request(IqType, Jid, XmlElement, Duration)}, sent from an account of this host on its behalf (e.g.
     * XEP-0357 notifications leave from the user's bare JID); the response ends at the server, not at the account's
     * clients.
     */
    CompletionStage<Iq> request(BareJid from, IqType type, Jid to, XmlElement payload, Duration timeout);

    SessionRegistry sessions();

    StorageProvider storage();

    /** The features and identities every module of this host registered, for the disco module. */
    DiscoInfo discoInfo();
}
