package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.Page;
import dev.xmppd.core.storage.ArchiveStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ArchiveStoreTest extends ArchiveStoreContract {

    @TempDir
    Path dir;

    @Override
    protected StorageProvider openProvider() {
        return JdbcStorageProvider.open(new StorageConfig("h2", dir.resolve("db/xmppd").toString(), null, null, null, 4));
    }

    @Test
    void entriesSurviveAReopenAndNewOnesFollowThem() {
        List<String> ids = new ArrayList<>(appendTwentyFive());
        provider.close();

        provider = openProvider();
        ArchiveStore reopened = provider.archive("mam");
        ids.add(reopened.append(ALICE, T0, null, message(25)).toCompletableFuture().join());
        Page page = reopened.query(ALICE, query(null, ids.get(20), null, false, 10)).toCompletableFuture().join();

        assertThat(page.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(21, 26));
        assertThat(page.entries().get(0).stanza()).isEqualTo(message(21));
        assertThat(page.complete()).isTrue();
        assertThat(page.count()).isEqualTo(26);
    }
}
