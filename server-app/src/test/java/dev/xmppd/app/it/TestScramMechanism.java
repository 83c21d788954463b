package dev.xmppd.app.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * A SCRAM client (RFC 5802, RFC 7677) for any hash, with or without {@code tls-server-end-point} channel binding,
 * plugged into Smack. Smack 4.5 ships only SCRAM-SHA-1(-PLUS); this lets the same real client exercise
 * SCRAM-SHA-256/512 and their -PLUS variants. Written from the RFC, independent of the server's SCRAM code.
 */
final class TestScramMechanism extends SASLMechanism {
    private final String hash; // "SHA-256"
    private final boolean plus;
    private String clientFirstBare;
    private String nonce;
    private byte[] expectedServerSignature;
    private boolean verified;

    TestScramMechanism(String hash, boolean plus) {
        this.hash = hash;
        this.plus = plus;
    }

    @Override
    public String getName() {
        return "SCRAM-" + hash + (plus ? "-PLUS" : "");
    }

    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("password authentication only");
    }

    private String gs2Header() {
        return plus ? "p=tls-server-end-point,," : "n,,";
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        nonce = Base64.getEncoder().encodeToString(r);
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
        return (gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String serverFirst = new String(challenge, StandardCharsets.UTF_8);
        if (expectedServerSignature != null) {
            Map<String, String> a = parse(serverFirst);
            verified = MessageDigest.isEqual(expectedServerSignature, Base64.getDecoder().decode(a.get("v")));
            return null;
        }
        try {
            Map<String, String> a = parse(serverFirst);
            String serverNonce = a.get("r");
            if (!serverNonce.startsWith(nonce)) {
                throw new SmackSaslException("server nonce does not extend ours");
            }
            byte[] salt = Base64.getDecoder().decode(a.get("s"));
            int iterations = Integer.parseInt(a.get("i"));
            byte[] cbind = gs2Header().getBytes(StandardCharsets.UTF_8);
            if (plus) {
                byte[] data = endPoint();
                byte[] all = new byte[cbind.length + data.length];
                System.arraycopy(cbind, 0, all, 0, cbind.length);
                System.arraycopy(data, 0, all, cbind.length, data.length);
                cbind = all;
            }
            String finalBare = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + serverNonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + finalBare;
            byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = clientKey.clone();
            for (int i = 0; i < proof.length; i++) {
                proof[i] ^= signature[i];
            }
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            return (finalBare + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SmackSaslException(e);
        }
    }

    /** RFC 5929 §4.1: the hash of the server's certificate, SHA-256 unless its signature uses a stronger one. */
    private byte[] endPoint() throws GeneralSecurityException, SmackSaslException {
        try {
            X509Certificate cert = (X509Certificate) sslSession.getPeerCertificates()[0];
            String alg = cert.getSigAlgName().toUpperCase();
            String digest = alg.startsWith("SHA384") ? "SHA-384" : alg.startsWith("SHA512") ? "SHA-512" : "SHA-256";
            return MessageDigest.getInstance(digest).digest(cert.getEncoded());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new SmackSaslException(e);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        String name = "Hmac" + hash.replace("-", "");
        Mac mac = Mac.getInstance(name);
        mac.init(new SecretKeySpec(key, name));
        return mac.doFinal(data);
    }

    private byte[] hi(byte[] pw, byte[] salt, int iterations) throws GeneralSecurityException {
        byte[] u = hmac(pw, concat(salt, new byte[] {0, 0, 0, 1}));
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(pw, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, String> parse(String s) {
        Map<String, String> m = new HashMap<>();
        for (String part : s.split(",")) {
            if (part.length() > 2 && part.charAt(1) == '=') {
                m.put(part.substring(0, 1), part.substring(2));
            }
        }
        return m;
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (!verified) {
            throw new SmackSaslException("server signature missing or wrong");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new TestScramMechanism(hash, plus);
    }
}
