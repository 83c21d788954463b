package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One named store of XML values per owner and key — Prosody's "keyval" and "map" kinds in one: a roster is the
 * store {@code roster} with one key per contact; a vCard the store {@code vcard} with the single key {@code ""};
 * private XML the store {@code private} with one key per namespace.
 *
 * <p>The owner is a bare JID: an account ({@code user@host}), a host ({@code host}) or an entity a component owns
 * ({@code room@conference.host}). Deleting an account deletes what every store holds for it. Stages complete on a
 * storage thread, as with {@link AccountStore}; each call is atomic on its own. Values are kept as
 * {@link XmlElement#toXml()} text and read back with {@link dev.xmppd.core.xml.XmlParser}, so a value comes back
 * equal unless it held adjacent text nodes (merged) or characters XML cannot carry (replaced by U+FFFD).
 *
 * <p>Keys are at most {@value #MAX_KEY_LENGTH} characters; a longer key, like a {@code null}, throws at once.
 */
public interface KeyValueStore {

    /** The longest key, in UTF-16 characters. */
    int MAX_KEY_LENGTH = 1023;

    /** Binary order of keys: by Unicode code point, the order of their UTF-8 bytes (not UTF-16 order). */
    Comparator<String> KEY_ORDER = KeyValueStore::compareCodePoints;

    /** The store's name, e.g. {@code roster}. */
    String name();

    CompletionStage<Optional<XmlElement>> get(BareJid owner, String key);

    /** Sets the value, replacing any earlier one. */
    CompletionStage<Void> put(BareJid owner, String key, XmlElement value);

    /** Completes with true if there was a value. */
    CompletionStage<Boolean> remove(BareJid owner, String key);

    /** Every key and value of the owner, an unmodifiable map iterated in {@link #KEY_ORDER}. */
    CompletionStage<Map<String, XmlElement>> getAll(BareJid owner);

    /** Removes every key of the owner in this store; completes with the number removed. */
    CompletionStage<Integer> removeAll(BareJid owner);

    /**
     * Checks a key: not null, at most {@value #MAX_KEY_LENGTH} characters.
     *
     * @return the key
     */
    static String requireKey(String key) {
        requireNonNull(key, "key");
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key: " + key.length() + " characters (expected: <= "
                    + MAX_KEY_LENGTH + ")");
        }
        return key;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
