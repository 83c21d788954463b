package dev.xmppd.core.auth;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The accounts an administrator disabled (XEP-0133 §4.3): they cannot log in (SASL {@code account-disabled}, RFC 6120
 * §6.5.1) until re-enabled, and keep everything they have. The set is held in memory, so that the check on every
 * login costs no storage read, and kept in the key-value store {@value #STORE}: owner the host, one key per account
 * (its bare JID), the value {@code <disabled since='…' by='…'/>}. A name stays disabled when its account is deleted,
 * so that it cannot be registered again until re-enabled. Thread-safe; one per server.
 */
public final class DisabledAccounts {
    /** The key-value store. */
    public static final String STORE = "disabled";

    private final KeyValueStore store;
    private final Set<BareJid> disabled = ConcurrentHashMap.newKeySet();

    private DisabledAccounts(KeyValueStore store) {
        this.store = store;
    }

    /** Reads the disabled accounts of {@code hosts}; blocks, for the server's start. */
    public static DisabledAccounts load(KeyValueStore store, Collection<String> hosts) {
        DisabledAccounts accounts = new DisabledAccounts(store);
        for (String host : hosts) {
            try {
                store.getAll(BareJid.of(null, host)).toCompletableFuture().get(30, TimeUnit.SECONDS).keySet()
                        .forEach(key -> accounts.disabled.add(BareJid.parse(key)));
            } catch (Exception e) {
                throw new IllegalStateException("storage: cannot read the disabled accounts of " + host + ": "
                        + e.getMessage(), e);
            }
        }
        return accounts;
    }

    public boolean isDisabled(BareJid account) {
        return disabled.contains(account);
    }

    /** Disables the account from now on; the stage completes once stored. */
    public CompletionStage<Void> disable(BareJid account, BareJid by) {
        disabled.add(account);
        return store.put(BareJid.of(null, account.domain()), account.toString(), XmlElement.builder("urn:xmppd:admin", "disabled")
                .attribute("since", Instant.now().toString()).attribute("by", by.toString()).build());
    }

    /** Re-enables the account; completes with true if it was disabled. */
    public CompletionStage<Boolean> enable(BareJid account) {
        boolean was = disabled.remove(account);
        return store.remove(BareJid.of(null, account.domain()), account.toString()).thenApply(stored -> was || stored);
    }

    /** The disabled accounts of {@code host}, sorted. */
    public List<BareJid> of(String host) {
        return disabled.stream().filter(j -> j.domain().equals(host))
                .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }
}
