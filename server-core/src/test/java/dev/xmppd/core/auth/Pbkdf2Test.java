package dev.xmppd.core.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Pbkdf2} against published vectors (RFC 6070 for HMAC-SHA-1; the widely published "password"/"salt" vectors
 * for HMAC-SHA-256) and against two independent implementations: the JDK's {@code PBKDF2WithHmac*} key factories and
 * a textbook PBKDF2 over {@code javax.crypto.Mac}, for keys shorter than, equal to and longer than the hash block.
 * The SCRAM examples of RFC 5802 §5 and RFC 7677 §3 run through it in {@code ScramServerTest}.
 */
class Pbkdf2Test {

    @ParameterizedTest
    @CsvSource({
        // RFC 6070 §2, dkLen 20
        "SHA_1, password, salt, 1, 0c60c80f961f0e71f3a9b524af6012062fe037a6",
        "SHA_1, password, salt, 2, ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
        "SHA_1, password, salt, 4096, 4b007901b765489abead49d926f721d065a429c1",
        "SHA_1, passwordPASSWORDpassword, saltSALTsaltSALTsaltSALTsaltSALTsalt, 4096, "
            + "3d2eec4fe41c849b80c8d83662c0e44a8b291a96",
        // PBKDF2-HMAC-SHA256, dkLen 32
        "SHA_256, password, salt, 1, 120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
        "SHA_256, password, salt, 2, ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
        "SHA_256, password, salt, 4096, c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
    })
    void publishedVectors(ScramAlgorithm algorithm, String password, String salt, int iterations, String expected) {
        byte[] derived = Pbkdf2.hi(algorithm, password.getBytes(US_ASCII), salt.getBytes(US_ASCII), iterations);

        assertThat(HexFormat.of().formatHex(derived)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void matchesTheJdkKeyFactoryForKeysShorterEqualAndLongerThanTheBlock(ScramAlgorithm algorithm) throws Exception {
        Random random = new Random(7677);
        SecretKeyFactory jdk = SecretKeyFactory.getInstance("PBKDF2With" + algorithm.hmac());
        int block = algorithm.blockSize();
        for (int length : new int[] {1, 31, block - 1, block, block + 1, 2 * block + 5}) {
            char[] password = new char[length];
            for (int i = 0; i < length; i++) {
                password[i] = (char) ('!' + random.nextInt(94)); // printable ASCII: the JDK encodes chars as UTF-8
            }
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            byte[] expected = jdk.generateSecret(new PBEKeySpec(password, salt, 100, 8 * algorithm.length()))
                    .getEncoded();

            assertThat(Pbkdf2.hi(algorithm, new String(password).getBytes(US_ASCII), salt, 100))
                    .as("%s, password of %d bytes", algorithm, length).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void matchesMacBasedPbkdf2ForAnEmptyPasswordAndEmptySalt(ScramAlgorithm algorithm) throws Exception {
        // The JDK key factory refuses empty passwords; HMAC with an empty key equals HMAC with one zero byte.
        Mac mac = Mac.getInstance(algorithm.hmac());
        mac.init(new SecretKeySpec(new byte[1], algorithm.hmac()));
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] expected = u.clone();
        for (int i = 1; i < 3; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < expected.length; j++) {
                expected[j] ^= u[j];
            }
        }

        assertThat(Pbkdf2.hi(algorithm, new byte[0], new byte[0], 3)).isEqualTo(expected);
    }

    @Test
    void refusesFewerThanOneIteration() {
        assertThatThrownBy(() -> Pbkdf2.hi(ScramAlgorithm.SHA_256, new byte[1], new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("iterations: 0 (expected: >= 1)");
    }
}
