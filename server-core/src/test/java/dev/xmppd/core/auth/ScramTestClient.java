package dev.xmppd.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A minimal SCRAM client for tests, written from RFC 5802 §3 with JCA directly. */
final class ScramTestClient {

    private final ScramAlgorithm algorithm;
    private final String gs2Header;
    private final byte[] cbindData;
    private final String clientFirstBare;
    private byte[] serverSignature;

    ScramTestClient(ScramAlgorithm algorithm, String gs2Header, byte[] cbindData, String username, String nonce) {
        this.algorithm = algorithm;
        this.gs2Header = gs2Header;
        this.cbindData = cbindData;
        this.clientFirstBare = "n=" + username + ",r=" + nonce;
    }

    byte[] clientFirst() {
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    byte[] clientFinal(byte[] serverFirstBytes, String password) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        String nonce = attribute(serverFirst, 'r');
        byte[] salt = Base64.getDecoder().decode(attribute(serverFirst, 's'));
        int iterations = Integer.parseInt(attribute(serverFirst, 'i'));
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbindData, 0, cbind, header.length, cbindData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + ',' + serverFirst + ',' + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] salted = ScramFunctions.hi(algorithm, password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = ScramFunctions.hmac(algorithm, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = ScramFunctions.hash(algorithm, clientKey);
        byte[] proof = ScramFunctions.xor(clientKey, ScramFunctions.hmac(algorithm, storedKey, authMessage));
        byte[] serverKey = ScramFunctions.hmac(algorithm, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        serverSignature = ScramFunctions.hmac(algorithm, serverKey, authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    String expectedServerFinal() {
        return "v=" + Base64.getEncoder().encodeToString(serverSignature);
    }

    private static String attribute(String message, char name) {
        for (String attribute : message.split(",")) {
            if (attribute.charAt(0) == name) {
                return attribute.substring(2);
            }
        }
        throw new AssertionError("no " + name + "= in " + message);
    }
}
