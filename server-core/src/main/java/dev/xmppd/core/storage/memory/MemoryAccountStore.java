package dev.xmppd.core.storage.memory;

import static dev.xmppd.core.storage.AccountStore.requireAccountJid;
import static dev.xmppd.core.storage.AccountStore.requireCredentials;
import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.AccountStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Accounts in a sorted concurrent map; credentials are copied in and out, so callers cannot alter what is kept.
 * Deleting an account also empties the other stores for it.
 */
final class MemoryAccountStore implements AccountStore {

    private static final Comparator<BareJid> ORDER =
            Comparator.comparing(BareJid::domain).thenComparing(BareJid::local);

    private final ConcurrentNavigableMap<BareJid, Account> accounts = new ConcurrentSkipListMap<>(ORDER);
    private final AtomicBoolean closed;
    private final Consumer<BareJid> deleteOwned;

    /** {@code deleteOwned} removes what the other stores keep for an account that is deleted. */
    MemoryAccountStore(AtomicBoolean closed, Consumer<BareJid> deleteOwned) {
        this.closed = closed;
        this.deleteOwned = deleteOwned;
    }

    @Override
    public CompletionStage<Optional<Account>> find(BareJid jid) {
        requireAccountJid(jid);
        return run(() -> Optional.ofNullable(accounts.get(jid)).map(MemoryAccountStore::copy));
    }

    @Override
    public CompletionStage<Boolean> create(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials) {
        Account account = copy(new Account(requireAccountJid(jid), requireCredentials(credentials)));
        return run(() -> accounts.putIfAbsent(jid, account) == null);
    }

    @Override
    public CompletionStage<Boolean> updateCredentials(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials) {
        Account account = copy(new Account(requireAccountJid(jid), requireCredentials(credentials)));
        return run(() -> accounts.replace(jid, account) != null);
    }

    @Override
    public CompletionStage<Boolean> delete(BareJid jid) {
        requireAccountJid(jid);
        return run(() -> {
            boolean deleted = accounts.remove(jid) != null;
            deleteOwned.accept(jid);
            return deleted;
        });
    }

    @Override
    public CompletionStage<Boolean> exists(BareJid jid) {
        requireAccountJid(jid);
        return run(() -> accounts.containsKey(jid));
    }

    @Override
    public CompletionStage<List<BareJid>> list(String domain) {
        requireNonNull(domain, "domain");
        return run(() -> accounts.keySet().stream().filter(jid -> jid.domain().equals(domain)).toList());
    }

    @Override
    public CompletionStage<Long> count(String domain) {
        requireNonNull(domain, "domain");
        return run(() -> accounts.keySet().stream().filter(jid -> jid.domain().equals(domain)).count());
    }

    private <T> CompletionStage<T> run(Supplier<T> work) {
        return Stages.run(closed, work);
    }

    private static Account copy(Account account) {
        Map<ScramAlgorithm, ScramCredential> credentials = new HashMap<>();
        account.credentials().forEach((algorithm, c) -> credentials.put(algorithm,
                new ScramCredential(algorithm, c.salt().clone(), c.iterations(), c.storedKey().clone(),
                        c.serverKey().clone())));
        return new Account(account.jid(), credentials);
    }
}
