package dev.xmppd.c2s.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Accounts and helpers shared by the SASL tests: juliet@example.com with password {@code r0meo&Juliet}. */
public final class SaslTestKit {

    public static final String DOMAIN = "example.com";
    public static final String PASSWORD = "r0meo&Juliet";
    public static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private SaslTestKit() {
    }

    /** A store with juliet@example.com (64 iterations keeps the tests fast). */
    public static AccountStore accounts() {
        AccountStore accounts = new MemoryStorageProvider().accounts();
        join(accounts.create(BareJid.of("juliet", DOMAIN), Passwords.derive(PASSWORD, 64)));
        return accounts;
    }

    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] challenge(CompletionStage<SaslStep> stage) {
        SaslStep step = join(stage);
        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        return ((SaslStep.Challenge) step).data();
    }

    public static SaslStep.Success success(CompletionStage<SaslStep> stage) {
        SaslStep step = join(stage);
        assertThat(step).isInstanceOf(SaslStep.Success.class);
        return (SaslStep.Success) step;
    }

    public static void failure(CompletionStage<SaslStep> stage, SaslFailure condition) {
        SaslStep step = join(stage);
        assertThat(step).isInstanceOf(SaslStep.Failure.class);
        assertThat(((SaslStep.Failure) step).condition()).isEqualTo(condition);
    }

    /** A channel binding with fixed data, as a TLS connection would offer. */
    public static ChannelBinding binding(String type, byte[] data) {
        return new ChannelBinding() {
            @Override
            public List<String> types() {
                return List.of(type);
            }

            @Override
            public byte[] data(String t) {
                return t.equals(type) ? data.clone() : null;
            }
        };
    }
}
