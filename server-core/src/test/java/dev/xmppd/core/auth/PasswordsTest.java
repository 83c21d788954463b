package dev.xmppd.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void deriveGivesOneVerifiableCredentialPerAlgorithmWithFreshSalts() {
        Map<ScramAlgorithm, ScramCredential> credentials = Passwords.derive("correct horse", 128);

        assertThat(credentials).containsOnlyKeys(ScramAlgorithm.values());
        credentials.forEach((algorithm, credential) -> {
            assertThat(credential.algorithm()).isEqualTo(algorithm);
            assertThat(credential.iterations()).isEqualTo(128);
            assertThat(credential.salt()).hasSizeGreaterThanOrEqualTo(16);
            assertThat(credential.storedKey()).hasSize(algorithm.length());
            assertThat(credential.serverKey()).hasSize(algorithm.length());
            assertThat(Passwords.verify("correct horse", credential)).isTrue();
            assertThat(Passwords.verify("correct horsE", credential)).isFalse();
            assertThat(Passwords.verify("", credential)).isFalse();
        });
        assertThat(credentials.get(ScramAlgorithm.SHA_1).salt())
                .isNotEqualTo(credentials.get(ScramAlgorithm.SHA_256).salt())
                .isNotEqualTo(Passwords.derive("correct horse", 128).get(ScramAlgorithm.SHA_1).salt());
    }

    @Test
    void opaqueStringMapsWidthAndSpacesBeforeHashing() {
        // RFC 8265 §4.2.1: non-ASCII spaces map to U+0020 and the result is NFC.
        ScramCredential credential = Passwords.derive("cafe\u0301\u00a0au lait", 16).get(ScramAlgorithm.SHA_256);

        assertThat(Passwords.verify("caf\u00e9 au lait", credential)).isTrue();
    }

    @Test
    void emptyAndInvalidPasswordsAreRejected() {
        assertThatThrownBy(() -> Passwords.derive("", 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password: empty");
        assertThatThrownBy(() -> Passwords.derive("bell\u0007", 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpaqueString")
                .hasMessageNotContaining("bell");
        assertThatThrownBy(() -> Passwords.derive("secret", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("iterations: 0 (expected: >= 1)");
    }

    @Test
    void verifyNeverAcceptsAnInvalidPassword() {
        ScramCredential credential = Passwords.derive("secret", 16).get(ScramAlgorithm.SHA_1);

        assertThat(Passwords.verify("secret\u0000", credential)).isFalse();
    }

    @Test
    void decoyCredentialsAreStablePerUserAndDifferAcrossUsers() {
        DecoyCredentials decoys = new DecoyCredentials(new byte[32], 4096);
        DecoyCredentials otherSecret = new DecoyCredentials(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
            14, 15, 16}, 4096);

        ScramCredential a = decoys.credential(ScramAlgorithm.SHA_256, "ghost");

        assertThat(a.salt()).hasSize(16).isEqualTo(decoys.credential(ScramAlgorithm.SHA_256, "ghost").salt())
                .isNotEqualTo(decoys.credential(ScramAlgorithm.SHA_256, "spook").salt())
                .isNotEqualTo(otherSecret.credential(ScramAlgorithm.SHA_256, "ghost").salt());
        assertThat(a.iterations()).isEqualTo(4096);
        assertThat(a.storedKey()).hasSize(32);
        assertThatThrownBy(() -> new DecoyCredentials(new byte[8], 4096))
                .hasMessage("secret: 8 bytes (expected: >= 16)");
    }
}
