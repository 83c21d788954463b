package dev.xmppd.core.session;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of one node: a map from account to a small copy-on-write array of its sessions. Reads take no lock;
 * writes are atomic per account.
 */
public final class LocalSessionRegistry implements SessionRegistry {
    private static final Session[] NONE = new Session[0];

    private final ConcurrentHashMap<BareJid, Session[]> byAccount = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public Session add(Session session) {
        FullJid jid = session.jid();
        Session[] replaced = new Session[1];
        byAccount.compute(jid.bare(), (account, current) -> {
            if (current == null) {
                return new Session[] {session};
            }
            List<Session> next = new ArrayList<>(current.length + 1);
            for (Session s : current) {
                if (s.jid().equals(jid)) {
                    replaced[0] = s;
                } else {
                    next.add(s);
                }
            }
            next.add(session);
            return next.toArray(NONE);
        });
        if (replaced[0] == null) {
            size.incrementAndGet();
        }
        return replaced[0];
    }

    @Override
    public boolean remove(Session session) {
        boolean[] removed = new boolean[1];
        byAccount.computeIfPresent(session.jid().bare(), (account, current) -> {
            Session[] next = Arrays.stream(current).filter(s -> s != session).toArray(Session[]::new);
            removed[0] = next.length != current.length;
            return next.length == 0 ? null : next;
        });
        if (removed[0]) {
            size.decrementAndGet();
        }
        return removed[0];
    }

    @Override
    public Session get(FullJid jid) {
        Session[] sessions = byAccount.get(jid.bare());
        if (sessions != null) {
            for (Session s : sessions) {
                if (s.jid().equals(jid)) {
                    return s;
                }
            }
        }
        return null;
    }

    @Override
    public List<Session> sessions(BareJid account) {
        Session[] sessions = byAccount.get(account);
        return sessions == null ? List.of() : List.of(sessions);
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public List<Session> all() {
        List<Session> out = new ArrayList<>(size.get());
        byAccount.values().forEach(s -> out.addAll(Arrays.asList(s)));
        return out;
    }
}
