package dev.xmppd.core.storage;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One named store of XML values per owner and key — Prosody's "keyval" and "map" kinds in one: a roster is the
 * store {@code roster} with one key per contact; a vCard the store {@code vcard} with the single key {@code ""};
 * private XML the store {@code private} with one key per namespace.
 *
 * <p>The owner is a bare JID: an account ({@code user@host}) or an entity a component owns ({@code room@conference.host}).
 * Deleting an account deletes what every store holds for it. Stages complete on a storage thread, as with
 * {@link AccountStore}; each call is atomic on its own.
 */
public interface KeyValueStore {

    /** The store's name, e.g. {@code roster}. */
    String name();

    CompletionStage<Optional<XmlElement>> get(BareJid owner, String key);

    /** Sets the value, replacing any earlier one. */
    CompletionStage<Void> put(BareJid owner, String key, XmlElement value);

    /** Completes with true if there was a value. */
    CompletionStage<Boolean> remove(BareJid owner, String key);

    /** Every key and value of the owner, ordered by key (binary order). */
    CompletionStage<Map<String, XmlElement>> getAll(BareJid owner);

    /** Removes every key of the owner in this store; completes with the number removed. */
    CompletionStage<Integer> removeAll(BareJid owner);
}
