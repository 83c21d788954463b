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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads of an archive see every write decided before them, however slow the store is to take the writes. */
class MamArchiverTest {
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
                new PrefsStore(storage.keyValue("mam-prefs")), Clock.systemUTC());
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

    /** An archive whose appends complete only when {@code gate} does. */
    private record HeldAppends(ArchiveStore delegate, CompletableFuture<Void> gate) implements ArchiveStore {
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
            return gate.thenCompose(v -> delegate.append(owner, id, timestamp, with, stanza));
        }

        @Override
        public CompletionStage<Page> query(BareJid owner, Query query) {
            return delegate.query(owner, query);
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
