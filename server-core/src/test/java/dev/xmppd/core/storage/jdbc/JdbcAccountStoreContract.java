package dev.xmppd.core.storage.jdbc;

import static java.lang.Thread.currentThread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.storage.AccountStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The account contract plus what only a database can show: rows, cascades and the storage threads. */
abstract class JdbcAccountStoreContract extends AccountStoreContract {

    @Test
    void deleteCascadesToCredentialRows() throws SQLException {
        await(store.create(ALICE, credentials("pw", ScramAlgorithm.values())));
        assertThat(credentialRows()).isEqualTo(3);

        await(store.delete(ALICE));

        assertThat(credentialRows()).isZero();
    }

    @Test
    void credentialsOfUnknownAlgorithmsAreSkipped() throws SQLException {
        await(store.create(ALICE, credentials("pw", ScramAlgorithm.SHA_256)));
        // As a newer server with another hash might have stored it.
        try (Connection c = jdbcProvider().dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO scram_credentials "
                        + "(domain, localpart, algorithm, salt, iterations, stored_key, server_key) "
                        + "VALUES ('example.com', 'alice', 'SCRAM-SHA3-512', ?, 1, ?, ?)")) {
            for (int i = 1; i <= 3; i++) {
                insert.setBytes(i, new byte[] {(byte) i});
            }
            insert.executeUpdate();
        }

        assertSameCredentials(await(store.find(ALICE)).orElseThrow(), credentials("pw", ScramAlgorithm.SHA_256));
    }

    @Test
    void stagesCompleteOnStorageThreads() throws SQLException {
        await(store.create(ALICE, Map.of()));
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletionStage<Boolean> update;
        // Hold the account row so that the update cannot complete before the callback is attached; otherwise the
        // callback could run on this thread.
        try (Connection c = jdbcProvider().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT 1 FROM accounts WHERE domain = 'example.com' AND localpart = 'alice' FOR UPDATE")) {
                lock.executeQuery().close();
            }
            update = store.updateCredentials(ALICE, Map.of()).whenComplete((ok, e) -> thread.set(currentThread()));
            c.commit();
        }

        assertThat(await(update)).isTrue();
        assertThat(thread.get().getName()).startsWith("xmppd-storage-");
        assertThat(thread.get().isDaemon()).isTrue();
    }

    private int credentialRows() throws SQLException {
        try (Connection c = jdbcProvider().dataSource().getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM scram_credentials");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private JdbcStorageProvider jdbcProvider() {
        return (JdbcStorageProvider) provider;
    }
}
