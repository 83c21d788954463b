package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.StorageProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2AccountStoreTest extends JdbcAccountStoreContract {

    @TempDir
    Path dir;

    @Override
    protected StorageProvider openProvider() {
        return JdbcStorageProvider.open(new StorageConfig("h2", dir.resolve("db/xmppd").toString(), null, null, null, 4));
    }
}
