package dev.xmppd.core.module;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.xml.XmlElement;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /** Adds a feature to the server's disco#info (XEP-0030). */
    void feature(String var);

    /** Adds an identity to the server's disco#info (XEP-0030). */
    void identity(String category, String type, String name);

    /** Offers a stream feature to clients at this stage; the function may return {@code null} to offer nothing. */
    void streamFeature(StreamStage stage, Function<Session, XmlElement> feature);

    <E> void on(Class<E> eventType, Consumer<? super E> listener);

    /** Routes a stanza the server originates ({@code from} must be set). */
    void send(Stanza stanza);

    SessionRegistry sessions();

    StorageProvider storage();

    /** The features and identities every module of this host registered, for the disco module. */
    DiscoInfo discoInfo();
}
