package dev.xmppd.im.adhoc;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command sessions in progress on one host (XEP-0050 §4.3): bounded in number, in total and per requester, and
 * forgotten after {@link #TTL} without a step. Thread-safe.
 */
final class CommandSessions {
    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_SESSIONS = 1000;
    static final int MAX_PER_REQUESTER = 16;

    /** Where a session stands after its last step. */
    record Entry(String node, Jid requester, int stage, Action execute, Set<Action> actions, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    CommandSessions(Clock clock) {
        this.clock = clock;
    }

    /** An unguessable session id (XEP-0050 §4.3: unique, never used again). */
    String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The live session with this id, or {@code null} (an expired one is dropped). */
    Entry get(String id) {
        Entry e = entries.get(id);
        if (e != null && !e.expires().isAfter(clock.instant())) {
            entries.remove(id, e);
            return null;
        }
        return e;
    }

    /**
     * Checks that one more session may start.
     *
     * @throws StanzaException {@code resource-constraint} when the requester or the host has too many
     */
    void checkRoom(Jid requester) {
        purgeExpired();
        if (entries.size() >= MAX_SESSIONS) {
            throw new StanzaException(Condition.RESOURCE_CONSTRAINT, "too many command sessions; try again later");
        }
        long mine = entries.values().stream().filter(e -> e.requester().equals(requester)).count();
        if (mine >= MAX_PER_REQUESTER) {
            throw new StanzaException(Condition.RESOURCE_CONSTRAINT,
                    "too many command sessions of yours (at most " + MAX_PER_REQUESTER + "); complete or cancel one");
        }
    }

    /** Records the stage a session reached, for another {@link #TTL}. */
    void update(String id, String node, Jid requester, CommandResponse response) {
        entries.put(id, new Entry(node, requester, response.stage(), response.execute(), response.actions(),
                clock.instant().plus(TTL)));
    }

    void remove(String id) {
        entries.remove(id);
    }

    /** Drops the sessions of a command that goes away. */
    void removeNode(String node) {
        entries.values().removeIf(e -> e.node().equals(node));
    }

    int size() {
        return entries.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !e.expires().isAfter(now));
    }
}
