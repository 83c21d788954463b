package dev.xmppd.im.mam;

import dev.xmppd.core.concurrent.Lanes;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.StorageException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.im.forward.Hints;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts messages into users' archives: what an account receives (with a XEP-0359 {@code <stanza-id/>} whose id is
 * the archive id) and what its resources send. Decides on the event loop and writes in the background; the decision
 * uses the cached preferences when the account's are known, else archives and checks the stored preferences
 * before writing. Delivery never waits for the archive: the id is chosen and stamped first, the message goes on,
 * and the store writes it later (the JDBC store in batches). A message the store refuses (e.g. its queue is full
 * because the database is too slow) was delivered but is not archived, and that is logged.
 *
 * <p>With the default {@code roster} (XEP-0441 §3) the party's roster item decides. The roster of an account with a
 * session is in memory and answers at once; one that must be loaded first (an account with no session) is read
 * before writing, like preferences not yet cached, and the message is stamped meanwhile. Messages with oneself count
 * as with a contact.
 */
final class MamArchiver {
    static final String SID = "urn:xmpp:sid:0";
    private static final Logger log = LoggerFactory.getLogger(MamArchiver.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String host;
    private final ArchiveStore archive;
    private final PrefsStore prefs;
    private final Contacts contacts;
    private final Clock clock;
    /**
     * Ids are drawn on the event loops: one DRBG per thread, because the default {@code NativePRNG} serializes every
     * caller on one global lock (contended between event loops under load).
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(MamArchiver::newRandom);
    private final Lanes<BareJid> lanes = new Lanes<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);

    /** Whether a party is a contact of an account, for the default {@code roster}. */
    @FunctionalInterface
    interface Contacts {
        /** True if {@code with} is an item of {@code owner}'s roster that the client sees. */
        CompletionStage<Boolean> contains(BareJid owner, BareJid with);
    }

    MamArchiver(String host, ArchiveStore archive, PrefsStore prefs, Contacts contacts, Clock clock) {
        this.host = host;
        this.archive = archive;
        this.prefs = prefs;
        this.contacts = contacts;
        this.clock = clock;
    }

    /** The local-message hook: archives an incoming message for its addressee and stamps its stanza-id. */
    Message incoming(Message message) {
        BareJid owner = (message.to() != null ? message.to() : message.from()).bare();
        // XEP-0359 §5: a stanza-id claiming to be by this archive is a forgery; only the archive adds one.
        Message m = strip(message, owner);
        BareJid with = message.from() == null ? null : message.from().bare();
        if (!eligible(m)) {
            return m;
        }
        Early early = decideEarly(owner, with);
        if (early.skip()) {
            return m;
        }
        String id = ArchiveStore.newId(RANDOM.get());
        XmlElement sid = XmlElement.builder(SID, "stanza-id").attribute("by", owner.toString())
                .attribute("id", id).build();
        Message stamped = new Message(m.element().withChild(sid), m.to(), m.from(), m.type());
        store(owner, id, with, stamped, early.contact());
        return stamped;
    }

    /** The PRE_ROUTE handler: archives what a local resource sends, in its own account's archive. */
    Verdict outgoing(Message message) {
        if (message.from() instanceof FullJid from && from.domain().equals(host) && message.to() != null
                && !message.to().bare().equals(from.bare()) && eligible(message)) {
            // To oneself, the incoming side archives it: one copy per archive (XEP-0313 §7.1.1).
            BareJid owner = from.bare();
            BareJid with = message.to().bare();
            Early early = decideEarly(owner, with);
            if (!early.skip()) {
                store(owner, ArchiveStore.newId(RANDOM.get()), with, message, early.contact());
            }
        }
        return Verdict.CONTINUE;
    }

    /**
     * Runs a read of {@code owner}'s archive after every write already decided for it has been handed to the store,
     * so that a client that has received a message and then queries its archive finds that message there (a write
     * may wait for the preferences to load; the store's reads then wait for the appends made before them).
     */
    <T> CompletionStage<T> afterWrites(BareJid owner, Supplier<? extends CompletionStage<T>> read) {
        return lanes.submit(owner, read);
    }

    /**
     * XEP-0313 §7.1.1: chat and normal messages with a body; XEP-0334 §4: never with no-store or
     * no-permanent-store, and also without a body when store is asked for.
     */
    static boolean eligible(Message m) {
        return switch (m.type()) {
            case CHAT, NORMAL -> !Hints.has(m, "no-store") && !Hints.has(m, "no-permanent-store")
                    && (Hints.hasBody(m) || Hints.has(m, "store"))
                    && m.element().element("urn:xmpp:carbons:2", "received") == null
                    && m.element().element("urn:xmpp:carbons:2", "sent") == null;
            case GROUPCHAT, HEADLINE, ERROR -> false;
        };
    }

    /**
     * What is decided on the event loop, from cached preferences and a roster in memory.
     *
     * @param skip the message is not archived
     * @param contact whether the party is a contact, if the roster was asked (answered or not yet); else {@code null}
     */
    private record Early(boolean skip, CompletionStage<Boolean> contact) {
        static final Early SKIP = new Early(true, null);
        /** Stamped now; the preferences decide before writing. */
        static final Early LATER = new Early(false, null);
    }

    private Early decideEarly(BareJid owner, BareJid with) {
        MamPrefs cached = prefs.cached(owner);
        if (cached == null) {
            return Early.LATER;
        }
        return switch (cached.decide(with)) {
            case ARCHIVE -> Early.LATER; // the stored preferences are read again before writing (cheap: cached)
            case SKIP -> Early.SKIP;
            case IF_CONTACT -> {
                CompletableFuture<Boolean> contact = isContact(owner, with).toCompletableFuture();
                // A roster that must be loaded first answers later: stamped now, decided before writing.
                boolean stranger = contact.isDone() && !contact.isCompletedExceptionally() && !contact.join();
                yield stranger ? Early.SKIP : new Early(false, contact);
            }
        };
    }

    private CompletionStage<Boolean> isContact(BareJid owner, BareJid with) {
        return with.equals(owner) ? CompletableFuture.completedFuture(true) : contacts.contains(owner, with);
    }

    /** The decision before writing, from the stored preferences and, if they need it, the roster. */
    private CompletionStage<Boolean> archives(BareJid owner, BareJid with, CompletionStage<Boolean> contact) {
        return prefs.get(owner).thenCompose(p -> switch (p.decide(with)) {
            case ARCHIVE -> CompletableFuture.completedFuture(true);
            case SKIP -> CompletableFuture.completedFuture(false);
            case IF_CONTACT -> contact != null ? contact : isContact(owner, with);
        });
    }

    /**
     * @param contact whether {@code with} is a contact, as asked when the message was decided on, or {@code null}
     */
    private void store(BareJid owner, String id, BareJid with, Message message, CompletionStage<Boolean> contact) {
        Instant now = clock.instant();
        // XEP-0313 §4: the archive keeps the order the messages passed through the server. Reading the preferences
        // may be asynchronous, so each owner's decisions run in a lane; the lane step ends once the entry is handed
        // to the store (whose appends keep their call order and whose reads wait for earlier appends), not once it
        // is written, so an owner's backlog waits in the store's bounded queue, never in the lane.
        lanes.submit(owner, () -> archives(owner, with, contact).thenAccept(archived -> {
            if (archived) {
                archive.append(owner, id, now, with == null ? null : with.toString(), message.element())
                        .whenComplete((v, failure) -> {
                            if (failure != null) {
                                failed(owner, failure);
                            }
                        });
            }
        })).whenComplete((v, failure) -> {
            if (failure != null) {
                failed(owner, failure);
            }
        });
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * Reports a message the archive could not keep. The delivered copy already went out; an overloaded database
     * fails thousands of appends a second, so this logs at most one line per interval, with how many failed.
     */
    private void failed(BareJid owner, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long previous = lastFailureLog.get();
        if (now - previous >= FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(previous, now)) {
            failures.addAndGet(-count);
            if (cause instanceof StorageException) {
                log.error("Host {}: {} message(s) delivered but not archived, the last for {}: {}", host, count, owner,
                        cause.getMessage());
            } else {
                log.error("Host {}: {} message(s) delivered but not archived, the last for {}", host, count, owner,
                        cause);
            }
        }
    }

    private static boolean isBy(XmlElement stanzaId, BareJid owner) {
        String by = stanzaId.attribute("by");
        try {
            return by != null && owner.equals(Jid.parse(by));
        } catch (JidFormatException e) {
            return false;
        }
    }

    private static Message strip(Message message, BareJid owner) {
        List<XmlNode> children = message.element().children();
        List<XmlNode> kept = new ArrayList<>(children.size());
        for (XmlNode child : children) {
            if (!(child instanceof XmlElement e && e.is(SID, "stanza-id") && isBy(e, owner))) {
                kept.add(child);
            }
        }
        if (kept.size() == children.size()) {
            return message;
        }
        return new Message(message.element().withChildren(kept), message.to(), message.from(), message.type());
    }
}
