package dev.xmppd.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainVerificationsTest {

    private static final BareJid JULIET = new BareJid("juliet", "example.com");
    private static final BareJid ROMEO = new BareJid("romeo", "example.com");
    private static final ScramCredential CREDENTIAL =
            Passwords.derive(ScramAlgorithm.SHA_256, "secret".getBytes(), new byte[16], 1);

    private final MutableClock clock = new MutableClock();
    private final PlainVerifications cache = new PlainVerifications(clock, Duration.ofMinutes(10), 2);

    @Test
    void matchesOnlyTheRememberedPasswordForThatAccountAndCredential() {
        // Execute system under test
        cache.remember(JULIET, CREDENTIAL, "secret");

        // Verify results
        assertThat(cache.matches(JULIET, CREDENTIAL, "secret")).isTrue();
        assertThat(cache.matches(JULIET, CREDENTIAL, "Secret")).isFalse();
        assertThat(cache.matches(ROMEO, CREDENTIAL, "secret")).isFalse();
    }

    @Test
    void aChangedCredentialNoLongerMatches() {
        cache.remember(JULIET, CREDENTIAL, "secret");
        // The same password set again: a new salt, hence a new StoredKey.
        ScramCredential changed = Passwords.derive(ScramAlgorithm.SHA_256, "secret".getBytes(), new byte[] {1}, 1);

        assertThat(cache.matches(JULIET, changed, "secret")).isFalse();
    }

    @Test
    void entriesExpire() {
        cache.remember(JULIET, CREDENTIAL, "secret");

        clock.advance(Duration.ofMinutes(10));

        assertThat(cache.matches(JULIET, CREDENTIAL, "secret")).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aFullCacheMakesRoomOnlyByDroppingExpiredEntries() {
        cache.remember(JULIET, CREDENTIAL, "secret");
        cache.remember(ROMEO, CREDENTIAL, "secret");
        BareJid nurse = new BareJid("nurse", "example.com");

        cache.remember(nurse, CREDENTIAL, "secret");
        assertThat(cache.matches(nurse, CREDENTIAL, "secret")).isFalse();

        clock.advance(Duration.ofMinutes(11));
        cache.remember(nurse, CREDENTIAL, "secret");
        assertThat(cache.matches(nurse, CREDENTIAL, "secret")).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }
}
