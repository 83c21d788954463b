package dev.xmppd.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccountStore} must have, run against each backend by a subclass that says how to open
 * a fresh, empty provider.
 */
public abstract class AccountStoreContract {

    protected static final BareJid ALICE = new BareJid("alice", "example.com");
    protected static final BareJid BOB = new BareJid("bob", "example.com");

    protected StorageProvider provider;
    protected AccountStore store;

    /** A provider over empty storage; closed after each test. */
    protected abstract StorageProvider openProvider() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        provider = openProvider();
        store = provider.accounts();
    }

    @AfterEach
    void closeStore() {
        provider.close();
    }

    @Test
    void createdAccountIsFoundWithItsCredentials() {
        // Setup test fixture
        Map<ScramAlgorithm, ScramCredential> credentials = credentials("pw1", ScramAlgorithm.values());

        // Execute system under test
        boolean created = await(store.create(ALICE, credentials));
        Optional<Account> found = await(store.find(ALICE));

        // Verify results
        assertThat(created).isTrue();
        assertThat(found).isPresent();
        assertThat(found.get().jid()).isEqualTo(ALICE);
        assertSameCredentials(found.get(), credentials);
        assertThat(await(store.exists(ALICE))).isTrue();
    }

    @Test
    void missingAccountIsNotFound() {
        assertThat(await(store.find(ALICE))).isEmpty();
        assertThat(await(store.exists(ALICE))).isFalse();
    }

    @Test
    void secondCreateReturnsFalseAndKeepsTheFirstCredentials() {
        Map<ScramAlgorithm, ScramCredential> first = credentials("first", ScramAlgorithm.SHA_256);
        await(store.create(ALICE, first));

        boolean again = await(store.create(ALICE, credentials("second", ScramAlgorithm.SHA_1)));

        assertThat(again).isFalse();
        assertSameCredentials(await(store.find(ALICE)).orElseThrow(), first);
    }

    @Test
    void accountWithoutCredentialsCanBeCreated() {
        assertThat(await(store.create(ALICE, Map.of()))).isTrue();

        assertThat(await(store.find(ALICE)).orElseThrow().credentials()).isEmpty();
    }

    @Test
    void updateReplacesAllCredentials() {
        await(store.create(ALICE, credentials("old", ScramAlgorithm.SHA_1, ScramAlgorithm.SHA_256)));
        Map<ScramAlgorithm, ScramCredential> replacement = credentials("new", ScramAlgorithm.SHA_512);

        boolean updated = await(store.updateCredentials(ALICE, replacement));

        assertThat(updated).isTrue();
        assertSameCredentials(await(store.find(ALICE)).orElseThrow(), replacement);
    }

    @Test
    void updateOfMissingAccountReturnsFalseAndCreatesNothing() {
        boolean updated = await(store.updateCredentials(ALICE, credentials("pw", ScramAlgorithm.SHA_256)));

        assertThat(updated).isFalse();
        assertThat(await(store.exists(ALICE))).isFalse();
    }

    @Test
    void deleteRemovesTheAccountAndItsCredentials() {
        await(store.create(ALICE, credentials("pw", ScramAlgorithm.values())));
        await(store.create(BOB, credentials("bob", ScramAlgorithm.SHA_256)));

        boolean deleted = await(store.delete(ALICE));

        assertThat(deleted).isTrue();
        assertThat(await(store.find(ALICE))).isEmpty();
        assertThat(await(store.delete(ALICE))).isFalse();
        // Re-created without credentials, it must not get the old ones back.
        await(store.create(ALICE, Map.of()));
        assertThat(await(store.find(ALICE)).orElseThrow().credentials()).isEmpty();
        assertSameCredentials(await(store.find(BOB)).orElseThrow(), credentials("bob", ScramAlgorithm.SHA_256));
    }

    @Test
    void deleteOfMissingAccountReturnsFalse() {
        assertThat(await(store.delete(ALICE))).isFalse();
    }

    @Test
    void listIsPerDomainInBinaryOrder() {
        // Binary order, not a locale's: a linguistic collation puts "\u00e9t\u00e9" before "zed", and glibc's
        // ignores punctuation ("ab" < "a-c").
        for (String local : List.of("ab", "\u00e9t\u00e9", "zed", "a.b", "a-c", "j\u00fcrgen", "1st")) {
            await(store.create(new BareJid(local, "example.com"), Map.of()));
        }
        await(store.create(new BareJid("other", "example.com.au"), Map.of()));
        await(store.create(new BareJid("other", "sub.example.com"), Map.of()));
        await(store.create(new BareJid("other", "example.co"), Map.of()));

        List<BareJid> listed = await(store.list("example.com"));

        assertThat(listed).extracting(BareJid::local)
                .containsExactly("1st", "a-c", "a.b", "ab", "j\u00fcrgen", "zed", "\u00e9t\u00e9");
        assertThat(listed).extracting(BareJid::domain).containsOnly("example.com");
        assertThat(await(store.count("example.com"))).isEqualTo(7L);
        assertThat(await(store.count("example.com.au"))).isEqualTo(1L);
        assertThat(await(store.list("nowhere.example"))).isEmpty();
        assertThat(await(store.count("nowhere.example"))).isZero();
    }

    @Test
    void nonAsciiAddressesRoundTrip() {
        BareJid jid = new BareJid("\u65e5\u672c\u8a9e", "b\u00fccher.example");
        await(store.create(jid, credentials("pw", ScramAlgorithm.SHA_256)));

        assertThat(await(store.find(jid))).map(Account::jid).contains(jid);
        assertThat(await(store.list("b\u00fccher.example"))).containsExactly(jid);
    }

    @Test
    void concurrentCreatesOfOneAccountSucceedOnce() {
        List<CompletableFuture<Boolean>> creates = IntStream.range(0, 16)
                .mapToObj(i -> store.create(ALICE, credentials("pw" + i, ScramAlgorithm.SHA_256)).toCompletableFuture())
                .toList();

        List<Boolean> results = creates.stream().map(AccountStoreContract::await).toList();

        assertThat(results).containsOnlyOnce(true);
        assertThat(await(store.count("example.com"))).isEqualTo(1L);
    }

    @Test
    void concurrentUpdatesLeaveOneCompleteCredentialSet() {
        await(store.create(ALICE, credentials("start", ScramAlgorithm.values())));
        List<CompletionStage<Boolean>> updates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            updates.add(store.updateCredentials(ALICE, credentials("pw" + i, ScramAlgorithm.values())));
        }

        updates.forEach(update -> assertThat(await(update)).isTrue());

        Account account = await(store.find(ALICE)).orElseThrow();
        assertThat(account.credentials()).hasSize(3);
        String winner = new String(account.credential(ScramAlgorithm.SHA_1).salt(), StandardCharsets.UTF_8);
        assertSameCredentials(account, credentials(winner.substring(0, winner.indexOf(':')), ScramAlgorithm.values()));
    }

    @Test
    void callerCannotAlterStoredCredentials() {
        Map<ScramAlgorithm, ScramCredential> credentials = credentials("pw", ScramAlgorithm.SHA_256);
        await(store.create(ALICE, credentials));

        credentials.get(ScramAlgorithm.SHA_256).salt()[0] = 'X';
        await(store.find(ALICE)).orElseThrow().credential(ScramAlgorithm.SHA_256).storedKey()[0] = 'X';

        assertSameCredentials(await(store.find(ALICE)).orElseThrow(), credentials("pw", ScramAlgorithm.SHA_256));
    }

    @Test
    void invalidArgumentsThrowAtOnce() {
        BareJid domainOnly = new BareJid(null, "example.com");
        Map<ScramAlgorithm, ScramCredential> misfiled =
                Map.of(ScramAlgorithm.SHA_1, credential(ScramAlgorithm.SHA_256, "pw"));

        assertThatThrownBy(() -> store.create(domainOnly, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jid: example.com (expected: an address with a localpart)");
        assertThatThrownBy(() -> store.find(domainOnly)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(ALICE, misfiled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials: SHA_1 -> SCRAM-SHA-256 credential (expected: SCRAM-SHA-1)");
        assertThatThrownBy(() -> store.exists(null)).isInstanceOf(NullPointerException.class).hasMessage("jid");
        assertThatThrownBy(() -> store.list(null)).isInstanceOf(NullPointerException.class).hasMessage("domain");
    }

    @Test
    void closedProviderFailsEveryCall() {
        provider.close();

        CompletableFuture<Boolean> exists = store.exists(ALICE).toCompletableFuture();

        assertThat(exists).isCompletedExceptionally();
        assertThatThrownBy(exists::join).hasCauseInstanceOf(StorageException.class)
                .cause().hasMessageContaining("closed");
    }

    /** Credentials whose bytes encode the password and algorithm, so that a mix-up shows. */
    protected static Map<ScramAlgorithm, ScramCredential> credentials(String password, ScramAlgorithm... algorithms) {
        Map<ScramAlgorithm, ScramCredential> credentials = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm algorithm : algorithms) {
            credentials.put(algorithm, credential(algorithm, password));
        }
        return credentials;
    }

    protected static ScramCredential credential(ScramAlgorithm algorithm, String password) {
        byte[] salt = (password + ":salt:" + algorithm).getBytes(StandardCharsets.UTF_8);
        byte[] stored = (password + ":stored:" + algorithm).getBytes(StandardCharsets.UTF_8);
        byte[] server = new byte[] {0, (byte) 0xff, (byte) password.length(), (byte) algorithm.ordinal(), -128};
        return new ScramCredential(algorithm, salt, 4096 + algorithm.ordinal(), stored, server);
    }

    protected static void assertSameCredentials(Account account, Map<ScramAlgorithm, ScramCredential> expected) {
        assertThat(account.credentials()).usingRecursiveComparison().isEqualTo(expected);
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("stage failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
