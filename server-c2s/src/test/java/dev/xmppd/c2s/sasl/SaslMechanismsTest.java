package dev.xmppd.c2s.sasl;

import static dev.xmppd.c2s.sasl.SaslTestKit.DOMAIN;
import static dev.xmppd.c2s.sasl.SaslTestKit.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

    private static final ChannelBinding TLS = SaslTestKit.binding("tls-server-end-point", new byte[32]);

    private final SaslMechanisms mechanisms = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, false, SECRET);

    @Test
    void offeredStrongestFirstPlusOnlyWithBindingPlainOnlyWhenSecure() {
        assertThat(mechanisms.offered(false, ChannelBinding.NONE))
                .containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1");
        assertThat(mechanisms.offered(true, ChannelBinding.NONE))
                .containsExactly("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
        assertThat(mechanisms.offered(true, TLS)).containsExactly("SCRAM-SHA-512-PLUS", "SCRAM-SHA-256-PLUS",
                "SCRAM-SHA-1-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    }

    @Test
    void plainWithoutTlsOffersPlainOnPlainStreams() {
        SaslMechanisms benchmark = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run,
                new AuthConfig(true, 4096, 3), SECRET);

        assertThat(benchmark.offered(false, ChannelBinding.NONE)).endsWith("PLAIN");
        assertThat(benchmark.create("PLAIN", DOMAIN, false, ChannelBinding.NONE)).isNotNull();
    }

    @Test
    void createGivesAFreshExchangeForOfferedMechanismsOnly() {
        for (String name : mechanisms.offered(true, TLS)) {
            SaslMechanism mechanism = mechanisms.create(name, DOMAIN, true, TLS);
            assertThat(mechanism.name()).isEqualTo(name);
            assertThat(mechanisms.create(name, DOMAIN, true, TLS)).isNotSameAs(mechanism);
        }
        for (String name : List.of("PLAIN", "SCRAM-SHA-1-PLUS", "scram-sha-1", "SCRAM-MD5", "DIGEST-MD5", "")) {
            assertThat(mechanisms.create(name, DOMAIN, false, ChannelBinding.NONE)).as(name).isNull();
        }
    }

    @Test
    void aDisabledAccountIsRefusedWithAccountDisabledOnlyAfterItsPasswordWasProved() {
        SaslMechanisms gated = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, false, SECRET,
                account -> account.local().equals("juliet"));

        SaslStep right = SaslTestKit.join(gated.create("PLAIN", DOMAIN, true, TLS)
                .start(("\0juliet\0" + SaslTestKit.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        SaslStep wrong = SaslTestKit.join(gated.create("PLAIN", DOMAIN, true, TLS)
                .start("\0juliet\0guess".getBytes(StandardCharsets.UTF_8)));

        assertThat(right).isInstanceOfSatisfying(SaslStep.Failure.class,
                f -> assertThat(f.condition()).isEqualTo(SaslFailure.ACCOUNT_DISABLED));
        assertThat(wrong).isInstanceOfSatisfying(SaslStep.Failure.class,
                f -> assertThat(f.condition()).isEqualTo(SaslFailure.NOT_AUTHORIZED));
        assertThat(SaslFailure.ACCOUNT_DISABLED.elementName()).isEqualTo("account-disabled");
    }

    @Test
    void failureElementNamesFollowRfc6120() {
        assertThat(SaslFailure.NOT_AUTHORIZED.elementName()).isEqualTo("not-authorized");
        assertThat(SaslFailure.TEMPORARY_AUTH_FAILURE.elementName()).isEqualTo("temporary-auth-failure");
        assertThat(SaslFailure.ABORTED.elementName()).isEqualTo("aborted");
    }

    @Test
    void shortSecretIsRejected() {
        assertThatThrownBy(() -> new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, false, new byte[4]))
                .hasMessage("secret: 4 bytes (expected: >= 16)");
    }
}
