package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operations on each account's roster one at a time, in call order, without blocking: a lane per account
 * is a chain of futures whose tail is the roster after the last operation. A roster stays loaded while its account
 * has sessions or queued operations; otherwise the next operation loads it again.
 *
 * <p>Each operation: the function changes the {@link Roster} (and throws before changing anything if it refuses);
 * the changes are stored (version first, so a crash never leaves a change under an old version); then
 * {@code afterStore} runs (pushes, stanzas), still in the lane. If storing fails, the lane forgets the roster and
 * the next operation reloads it.
 */
final class RosterLanes {
    private static final Logger log = LoggerFactory.getLogger(RosterLanes.class);

    private final KeyValueStore store;
    private final AccountStore accounts;
    private final SessionRegistry sessions;
    private final ConcurrentHashMap<BareJid, Lane> lanes = new ConcurrentHashMap<>();

    /** Guarded by the map's lock for its key. */
    private static final class Lane {
        CompletableFuture<Roster> tail = CompletableFuture.completedFuture(null);
        int pending;
    }

    RosterLanes(KeyValueStore store, AccountStore accounts, SessionRegistry sessions) {
        this.store = store;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /** Queues an operation on the owner's roster; the stage completes with its value once it is stored. */
    <T> CompletionStage<T> run(BareJid owner, Function<Roster, T> change, Consumer<Roster.Commit> afterStore,
            Consumer<T> effects) {
        return replace(owner, roster -> apply(roster, change, afterStore, effects));
    }

    /**
     * What an operation leaves: the roster the lane holds from now on, and the operation's value, or the
     * {@link StanzaException} with which it refused before changing anything.
     */
    record Outcome<T>(Roster roster, T value, StanzaException refusal) {
        Outcome(Roster roster, T value) {
            this(roster, value, null);
        }
    }

    /**
     * Queues an operation that may replace the roster the lane holds (an account deleted: {@link Roster#absent}) and
     * stores nothing itself; the stage completes with the step's value. If the step fails, the lane forgets the
     * roster and the next operation loads it again.
     */
    <T> CompletionStage<T> replace(BareJid owner, Function<Roster, CompletionStage<Outcome<T>>> step) {
        CompletableFuture<Roster> next = new CompletableFuture<>();
        CompletableFuture<Roster> previous = enqueue(owner, next);
        CompletableFuture<T> result = new CompletableFuture<>();
        previous.handle((roster, failure) -> roster)
                .thenCompose(roster -> roster != null ? CompletableFuture.completedFuture(roster) : load(owner))
                .thenCompose(step)
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(unwrap(failure));
                        next.completeExceptionally(failure);
                    } else {
                        if (outcome.refusal() != null) {
                            result.completeExceptionally(outcome.refusal());
                        } else {
                            result.complete(outcome.value());
                        }
                        next.complete(outcome.roster());
                    }
                    release(owner);
                });
        return result;
    }

    private <T> CompletionStage<Outcome<T>> apply(Roster roster, Function<Roster, T> change,
            Consumer<Roster.Commit> afterStore, Consumer<T> effects) {
        T value;
        try {
            value = change.apply(roster);
        } catch (StanzaException e) {
            // refused before anything changed: the roster stays good
            return CompletableFuture.completedFuture(new Outcome<>(roster, null, e));
        }
        Roster.Commit commit = roster.drain();
        return persist(roster.owner(), commit).thenApply(v -> {
            try {
                afterStore.accept(commit);
                effects.accept(value);
            } catch (RuntimeException e) {
                log.error("Roster effects failed for {}", roster.owner(), e);
            }
            return new Outcome<>(roster, value);
        });
    }

    private CompletableFuture<Roster> enqueue(BareJid owner, CompletableFuture<Roster> next) {
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        lanes.compute(owner, (k, lane) -> {
            Lane l = lane != null ? lane : new Lane();
            previous[0] = l.tail;
            l.tail = next;
            l.pending++;
            return l;
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<Roster> p = (CompletableFuture<Roster>) previous[0];
        return p;
    }

    /** Forgets an idle roster once its account has no session left. */
    private void release(BareJid owner) {
        lanes.computeIfPresent(owner, (k, l) -> --l.pending <= 0 && sessions.sessions(owner).isEmpty() ? null : l);
    }

    /** Forgets the roster of an account whose last session ended, unless operations are queued. */
    void evictIfIdle(BareJid owner) {
        lanes.computeIfPresent(owner, (k, l) -> l.pending <= 0 && sessions.sessions(owner).isEmpty() ? null : l);
    }

    /** True if the owner's roster is held in memory (for tests). */
    boolean isLoaded(BareJid owner) {
        return lanes.containsKey(owner);
    }

    private CompletionStage<Roster> load(BareJid owner) {
        CompletionStage<Boolean> exists = sessions.sessions(owner).isEmpty()
                ? accounts.exists(owner) : CompletableFuture.completedFuture(true);
        return exists.thenCompose(e -> e
                ? store.getAll(owner).thenApply(all -> Roster.load(owner, all))
                : CompletableFuture.completedFuture(Roster.absent(owner)));
    }

    private CompletionStage<Void> persist(BareJid owner, Roster.Commit commit) {
        CompletionStage<?> s = CompletableFuture.completedFuture(null);
        if (commit.versionChanged()) {
            XmlElement version = XmlElement.builder(RosterItem.STORED, "version")
                    .attribute("ver", Long.toString(commit.version())).build();
            s = s.thenCompose(v -> store.put(owner, Roster.VERSION_KEY, version));
        }
        for (Map.Entry<BareJid, RosterItem> w : commit.writes().entrySet()) {
            String key = w.getKey().toString();
            RosterItem item = w.getValue();
            s = s.thenCompose(v -> item == null ? store.remove(owner, key).thenApply(removed -> null)
                    : store.put(owner, key, item.toStored(commit.version())));
        }
        return s.thenApply(v -> null);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
