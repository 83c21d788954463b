package dev.xmppd.im.mam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.StorageProviders;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of an archive see every write decided before them, and a slow store makes the writes wait in its own
 * (bounded) queue, not in the archiver's per-owner lanes.
 */
class MamArchiverTest {
    private static final MamArchiver.Contacts NO_CONTACTS =
            (owner, with) -> CompletableFuture.completedFuture(false);
    private static final BareJid BOB = Jid.parse("bob@example.com").bare();

    private final StorageProvider storage = StorageProviders.open(
            new StorageConfig("memory", "unused", null, null, null, 1));

    @AfterEach
    void tearDown() {
        storage.close();
    }

    @Test
    void aQueryWaitsForTheWritesDecidedBeforeIt() throws Exception {
        // Setup test fixture: appends held until the gate opens, as a busy database would hold them
        CompletableFuture<Void> gate = new CompletableFuture<>();
        HeldAppends archive = new HeldAppends(storage.archive("mam"), gate);
        MamArchiver archiver = new MamArchiver("example.com", archive,
                new PrefsStore(storage.keyValue("mam-prefs")), NO_CONTACTS, Clock.systemUTC());
        Message message = (Message) Stanza.parse(TestXml.parse(
                "<message xmlns='jabber:client' type='chat' from='alice@example.com/a' to='bob@example.com'>"
                        + "<body>hi</body></message>"));

        // Execute system under test: the message is delivered (and stamped), then the owner queries at once
        archiver.incoming(message);
        CompletableFuture<ArchiveStore.Page> page = archiver.afterWrites(BOB,
                () -> archive.query(BOB, ArchiveStore.Query.all(10))).toCompletableFuture();

        // Verify results: the query has not overtaken the held write, and sees it once it is written
        assertThat(page).isNotDone();
        gate.complete(null);
        assertThat(page.get(5, TimeUnit.SECONDS).entries()).hasSize(1);
    }

    @Test
    void writesAreHandedToTheStoreWithoutWaitingForEarlierOnesToBeWritten() {
        // Setup test fixture: a store that holds every append, as a busy database would
        CompletableFuture<Void> gate = new CompletableFuture<>();
        HeldAppends archive = new HeldAppends(storage.archive("mam"), gate);
        MamArchiver archiver = new MamArchiver("example.com", archive,
                new PrefsStore(storage.keyValue("mam-prefs")), NO_CONTACTS, Clock.systemUTC());

        // Execute system under test: three messages to the same owner while the first is not written yet
        for (int i = 0; i < 3; i++) {
            archiver.incoming((Message) Stanza.parse(TestXml.parse("<message xmlns='jabber:client' type='chat'"
                    + " from='alice@example.com/a' to='bob@example.com'><body>" + i + "</body></message>")));
        }

        // Verify results: all three reached the store (its queue keeps their order), none waits in a lane
        assertThat(archive.calls()).hasValue(3);
        gate.complete(null);
    }

    /**
     * An archive whose appends complete only when {@code gate} does; its reads wait for them, as the store contract
     * asks (a read sees every append called before it).
     */
    private record HeldAppends(ArchiveStore delegate, CompletableFuture<Void> gate, AtomicInteger calls,
            AtomicReference<CompletableFuture<?>> lastAppend) implements ArchiveStore {
        HeldAppends(ArchiveStore delegate, CompletableFuture<Void> gate) {
            this(delegate, gate, new AtomicInteger(), new AtomicReference<>(CompletableFuture.completedFuture(null)));
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza) {
            return gate.thenCompose(v -> delegate.append(owner, timestamp, with, stanza));
        }

        @Override
        public CompletionStage<Void> append(BareJid owner, String id, Instant timestamp, String with,
                XmlElement stanza) {
            calls.incrementAndGet();
            CompletableFuture<Void> written =
                    gate.thenCompose(v -> delegate.append(owner, id, timestamp, with, stanza));
            lastAppend.set(written);
            return written;
        }

        @Override
        public CompletionStage<Page> query(BareJid owner, Query query) {
            return lastAppend.get().handle((v, e) -> null).thenCompose(v -> delegate.query(owner, query));
        }

        @Override
        public CompletionStage<Integer> remove(BareJid owner, List<String> ids) {
            return delegate.remove(owner, ids);
        }

        @Override
        public CompletionStage<Integer> removeAll(BareJid owner) {
            return delegate.removeAll(owner);
        }

        @Override
        public CompletionStage<Long> count(BareJid owner) {
            return delegate.count(owner);
        }
    }
}
