package dev.xmppd.core.storage;

import static dev.xmppd.core.storage.AccountStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KeyValueStore} must have, run against each backend by a subclass that says how to open
 * a fresh, empty provider.
 */
public abstract class KeyValueStoreContract {

    protected static final BareJid ALICE = new BareJid("alice", "example.com");
    protected static final BareJid BOB = new BareJid("bob", "example.com");
    protected static final BareJid HOST = new BareJid(null, "example.com");
    protected static final BareJid ROOM = new BareJid("room", "conference.example.com");
    private static final String ROSTER = "jabber:iq:roster";

    protected StorageProvider provider;
    protected KeyValueStore store;

    /** A provider over empty storage; closed after each test. */
    protected abstract StorageProvider openProvider() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        provider = openProvider();
        store = provider.keyValue("roster");
    }

    @AfterEach
    void closeStore() {
        provider.close();
    }

    @Test
    void putValueIsReadBackEqual() {
        // Setup test fixture
        XmlElement value = XmlElement.builder(ROSTER, "item")
                .attribute("jid", "r\u00f4meo@example.net")
                .attribute("name", "Rom\u00e9o <&> '\"")
                .attribute("xml:lang", "fr")
                .attribute("{urn:example:ext}mark", "\u65e5\u672c\uD83D\uDE00")
                .child(XmlElement.builder(ROSTER, "group").text("Friends \t\r\n").build())
                .child(XmlElement.builder("urn:example:other", "x").child(XmlElement.empty("", "bare")).build())
                .build();

        // Execute system under test
        await(store.put(ALICE, "romeo@example.net", value));

        // Verify results
        assertThat(await(store.get(ALICE, "romeo@example.net"))).contains(value);
    }

    @Test
    void missingKeyIsEmpty() {
        await(store.put(ALICE, "a", item("a")));

        assertThat(await(store.get(ALICE, "b"))).isEmpty();
        assertThat(await(store.get(BOB, "a"))).isEmpty();
        assertThat(await(store.getAll(BOB))).isEmpty();
    }

    @Test
    void putReplacesTheValue() {
        await(store.put(ALICE, "a", item("first")));

        await(store.put(ALICE, "a", item("second")));

        assertThat(await(store.get(ALICE, "a"))).contains(item("second"));
        assertThat(await(store.getAll(ALICE))).containsOnlyKeys("a");
    }

    @Test
    void removeSaysWhetherThereWasAValue() {
        await(store.put(ALICE, "a", item("a")));
        await(store.put(ALICE, "b", item("b")));

        assertThat(await(store.remove(ALICE, "a"))).isTrue();
        assertThat(await(store.remove(ALICE, "a"))).isFalse();
        assertThat(await(store.remove(BOB, "b"))).isFalse();
        assertThat(await(store.get(ALICE, "a"))).isEmpty();
        assertThat(await(store.get(ALICE, "b"))).contains(item("b"));
    }

    @Test
    void getAllIsInBinaryKeyOrderAndUnmodifiable() {
        // Code point order: U+1F600 (a surrogate pair in UTF-16) sorts after U+FF21, unlike String.compareTo.
        List<String> keys = List.of("b@x", "", "a@x", "A@x", "\u00e9@x", "\uFF21", "\uD83D\uDE00", "a-b", "a.b");
        keys.forEach(key -> await(store.put(ALICE, key, item(key))));
        await(store.put(BOB, "other", item("other")));

        Map<String, XmlElement> all = await(store.getAll(ALICE));

        assertThat(all.keySet()).containsExactly("", "A@x", "a-b", "a.b", "a@x", "b@x", "\u00e9@x", "\uFF21",
                "\uD83D\uDE00");
        keys.forEach(key -> assertThat(all.get(key)).isEqualTo(item(key)));
        assertThatThrownBy(() -> all.put("x", item("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keyOrderIsByCodePoint() {
        List<String> sorted = new ArrayList<>(List.of("\uD83D\uDE00", "\uFF21", "b", "ab", "a", ""));
        sorted.sort(KeyValueStore.KEY_ORDER);

        assertThat(sorted).containsExactly("", "a", "ab", "b", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void removeAllCountsAndTouchesOnlyThatOwnerAndStore() {
        KeyValueStore vcards = provider.keyValue("vcard");
        IntStream.range(0, 3).forEach(i -> await(store.put(ALICE, "k" + i, item("v" + i))));
        await(store.put(BOB, "k0", item("bob")));
        await(vcards.put(ALICE, "", item("card")));

        assertThat(await(store.removeAll(ALICE))).isEqualTo(3);
        assertThat(await(store.removeAll(ALICE))).isZero();

        assertThat(await(store.getAll(ALICE))).isEmpty();
        assertThat(await(store.get(BOB, "k0"))).contains(item("bob"));
        assertThat(await(vcards.get(ALICE, ""))).contains(item("card"));
    }

    @Test
    void storesAndOwnersAreSeparate() {
        KeyValueStore other = provider.keyValue("private");
        await(store.put(ALICE, "k", item("roster alice")));
        await(other.put(ALICE, "k", item("private alice")));
        await(store.put(HOST, "k", item("roster host")));
        await(store.put(ROOM, "k", item("roster room")));

        assertThat(await(store.get(ALICE, "k"))).contains(item("roster alice"));
        assertThat(await(other.get(ALICE, "k"))).contains(item("private alice"));
        assertThat(await(store.get(HOST, "k"))).contains(item("roster host"));
        assertThat(await(store.get(ROOM, "k"))).contains(item("roster room"));
        assertThat(await(other.get(HOST, "k"))).isEmpty();
    }

    @Test
    void sameNameGivesTheSameStore() {
        assertThat(provider.keyValue("roster")).isSameAs(store);
        assertThat(store.name()).isEqualTo("roster");
        assertThat(provider.keyValue("vcard")).isNotSameAs(store);
    }

    @Test
    void adjacentTextNodesComeBackMerged() {
        XmlElement split = XmlElement.of(Namespaces.CLIENT, "body", new String[0],
                new XmlText[] {new XmlText("one "), new XmlText("two")});

        await(store.put(ALICE, "k", split));

        assertThat(await(store.get(ALICE, "k"))).contains(XmlElement.builder(Namespaces.CLIENT, "body")
                .text("one two").build());
    }

    @Test
    void concurrentPutsOfOneKeyAllSucceed() {
        List<CompletableFuture<Void>> puts = IntStream.range(0, 16)
                .mapToObj(i -> store.put(ALICE, "k", item("v" + i)).toCompletableFuture()).toList();

        puts.forEach(AccountStoreContract::await);

        assertThat(await(store.getAll(ALICE))).containsOnlyKeys("k");
        assertThat(await(store.get(ALICE, "k")).orElseThrow().attribute("jid")).matches("v[0-9]+");
    }

    @Test
    void deletingAnAccountDeletesItsValuesInEveryStore() {
        AccountStore accounts = provider.accounts();
        await(accounts.create(ALICE, Map.of()));
        await(store.put(ALICE, "k", item("alice")));
        await(provider.keyValue("vcard").put(ALICE, "", item("card")));
        await(store.put(BOB, "k", item("bob")));
        await(store.put(HOST, "k", item("host")));

        assertThat(await(accounts.delete(ALICE))).isTrue();

        assertThat(await(store.getAll(ALICE))).isEmpty();
        assertThat(await(provider.keyValue("vcard").getAll(ALICE))).isEmpty();
        assertThat(await(store.get(BOB, "k"))).contains(item("bob"));
        assertThat(await(store.get(HOST, "k"))).contains(item("host"));
    }

    @Test
    void invalidArgumentsThrowAtOnce() {
        assertThatThrownBy(() -> store.get(null, "k")).isInstanceOf(NullPointerException.class).hasMessage("owner");
        assertThatThrownBy(() -> store.get(ALICE, null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> store.put(ALICE, "k", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> store.put(ALICE, "x".repeat(1024), item("v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key: 1024 characters (expected: <= 1023)");
        assertThatThrownBy(() -> store.removeAll(null)).isInstanceOf(NullPointerException.class);
        for (String name : List.of("", "Roster", "a b", "x".repeat(65), "r\u00f6ster", "a_b")) {
            assertThatThrownBy(() -> provider.keyValue(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name: '" + name + "' (expected: 1 to 64 of a-z, 0-9 and '-')");
        }
        assertThat(provider.keyValue("x".repeat(64)).name()).hasSize(64);
        assertThat(provider.keyValue("pep-1").name()).isEqualTo("pep-1");
    }

    @Test
    void longestKeyIsKept() {
        String key = "\u00e9".repeat(KeyValueStore.MAX_KEY_LENGTH);

        await(store.put(ALICE, key, item("long")));

        assertThat(await(store.get(ALICE, key))).contains(item("long"));
    }

    @Test
    void closedProviderFailsEveryCall() {
        provider.close();

        List<CompletionStage<?>> calls = List.of(store.get(ALICE, "k"), store.put(ALICE, "k", item("v")),
                store.remove(ALICE, "k"), store.getAll(ALICE), store.removeAll(ALICE));

        for (CompletionStage<?> call : calls) {
            assertThatThrownBy(call.toCompletableFuture()::join).hasCauseInstanceOf(StorageException.class)
                    .cause().hasMessageContaining("closed");
        }
    }

    /** A roster item whose jid attribute tells values apart. */
    protected static XmlElement item(String jid) {
        return XmlElement.builder(ROSTER, "item").attribute("jid", jid).build();
    }
}
