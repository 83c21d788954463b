package dev.xmppd.im.privatexml;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletionStage;

/**
 * Lets another module take part in one kind of private XML element (XEP-0049), for data that also lives elsewhere:
 * PEP keeps {@code storage:bookmarks} (XEP-0048 over private storage, which older clients still use) and the
 * {@code urn:xmpp:bookmarks:1} node (XEP-0402) as one list, so that clients of either kind see each other's
 * bookmarks (XEP-0402 §5.3). Private storage still stores the element as written; the handler decides what a read
 * returns and applies what a write says.
 */
public interface PrivateXmlService {

    /** What a module does with one kind of element. */
    interface Handler {
        /**
         * The element a read returns.
         *
         * @param stored what the account last wrote, or null if nothing
         */
        CompletionStage<XmlElement> read(BareJid owner, XmlElement stored);

        /** Applies a write, after it was stored; the client's result waits for it. */
        CompletionStage<Void> written(BareJid owner, XmlElement element);
    }

    /** Hands the elements with this namespace and name to the handler; the returned action takes it back. */
    Runnable handle(String namespace, String name, Handler handler);
}
