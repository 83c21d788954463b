package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.auth.ScramAlgorithm;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ProsodyAccountsTest {

    @Test
    void encodesFileNamesAsProsodyDataManagerDoes() {
        assertThat(ProsodyAccounts.encode("user12")).isEqualTo("user12");
        assertThat(ProsodyAccounts.encode("example.com")).isEqualTo("example%2ecom");
        assertThat(ProsodyAccounts.encode("a_b-c")).isEqualTo("a%5fb%2dc");
    }

    /**
     * The keys are what Prosody's util.sasl.scram derives from the password and the salt string's bytes: checked
     * here with the JDK's own PBKDF2, independently of xmppd's SCRAM code.
     */
    @Test
    void accountFileHoldsTheScramKeysInHex() throws Exception {
        String file = ProsodyAccounts.account(ScramAlgorithm.SHA_256, "pencil", "0f3b9a7e-salt", 4096);

        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new PBEKeySpec("pencil".toCharArray(), "0f3b9a7e-salt".getBytes(UTF_8), 4096, 256)).getEncoded();
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
        byte[] serverKey = hmac(salted, "Server Key");
        assertThat(file).isEqualTo("return {\n"
                + "\t[\"iteration_count\"] = 4096;\n"
                + "\t[\"salt\"] = \"0f3b9a7e-salt\";\n"
                + "\t[\"server_key\"] = \"" + HexFormat.of().formatHex(serverKey) + "\";\n"
                + "\t[\"stored_key\"] = \"" + HexFormat.of().formatHex(storedKey) + "\";\n"
                + "};\n");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(UTF_8));
    }

    @Test
    void rosterIsARingOfMutualSubscriptionsWithMetadata() {
        String roster = ProsodyAccounts.roster("user", "localhost", 0, 10, 4);

        assertThat(roster).startsWith("return {\n\t[false] = { [\"version\"] = 1; [\"pending\"] = {}; };\n")
                .contains("[\"user1@localhost\"] = { [\"groups\"] = {}; [\"subscription\"] = \"both\"; };")
                .contains("[\"user9@localhost\"]").contains("[\"user2@localhost\"]").contains("[\"user8@localhost\"]")
                .doesNotContain("user3@").doesNotContain("user0@");
    }

    @Test
    void quotesLuaStrings() {
        assertThat(ProsodyAccounts.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
