package dev.xmppd.c2s.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM client written from RFC 5802 §3 on JCA alone (PBKDF2 from SunJCE), independent of the server code, for the
 * hashes Smack does not implement (SHA-256, SHA-512).
 */
public final class JcaScramClient {

    private final String hash;
    private final String gs2Header;
    private final byte[] cbindData;
    private final String clientFirstBare;
    private String expectedServerFinal;

    /**
     * @param hash "SHA-1", "SHA-256" or "SHA-512"
     * @param gs2Header e.g. {@code n,,} or {@code p=tls-exporter,,}
     */
    public JcaScramClient(String hash, String gs2Header, byte[] cbindData, String username) {
        this.hash = hash;
        this.gs2Header = gs2Header;
        this.cbindData = cbindData;
        this.clientFirstBare = "n=" + username + ",r=Jc4Cl1entN0nce";
    }

    public byte[] clientFirst() {
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] clientFinal(byte[] serverFirstBytes, String password) throws GeneralSecurityException {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attributes = new HashMap<>();
        for (String attribute : serverFirst.split(",")) {
            attributes.put(attribute.charAt(0), attribute.substring(2));
        }
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbindData, 0, cbind, header.length, cbindData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + attributes.get('r');
        byte[] authMessage = (clientFirstBare + ',' + serverFirst + ',' + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        String prf = "Hmac" + hash.replace("-", "");
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(attributes.get('s')),
                Integer.parseInt(attributes.get('i')), MessageDigest.getInstance(hash).getDigestLength() * 8);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2With" + prf).generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(prf, salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
        byte[] signature = hmac(prf, storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        expectedServerFinal = "v=" + Base64.getEncoder().encodeToString(
                hmac(prf, hmac(prf, salted, "Server Key"), authMessage));
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    public String expectedServerFinal() {
        return expectedServerFinal;
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) throws GeneralSecurityException {
        return hmac(algorithm, key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }
}
