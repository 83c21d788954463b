package dev.xmppd.app.it;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Just enough of a TURN client to ask a real TURN server (coturn) for an allocation over UDP with the credentials
 * xmppd handed out: an Allocate request (RFC 5766 §6) answered by 401 with realm and nonce, then again with
 * USERNAME, REALM, NONCE and MESSAGE-INTEGRITY under the long-term credential key (RFC 5389 §10.2, §15.4).
 */
final class TurnProbe {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int ALLOCATE = 0x0003;
    private static final int ALLOCATE_SUCCESS = 0x0103;
    private static final int ALLOCATE_ERROR = 0x0113;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final byte[] UDP = {17, 0, 0, 0};

    private TurnProbe() {
    }

    /** The outcome of the authenticated Allocate: 0 for success, else the STUN error code (401: bad credentials). */
    static int allocate(InetSocketAddress server, String username, String password) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            Map<Integer, byte[]> challenge = exchange(socket, server, request(Map.of(REQUESTED_TRANSPORT, UDP), null));
            int first = errorCode(challenge);
            if (first != 401) {
                throw new AssertionError("expected a 401 challenge, got " + first);
            }
            String realm = new String(challenge.get(REALM), StandardCharsets.UTF_8);
            byte[] key = MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            Map<Integer, byte[]> attributes = new java.util.LinkedHashMap<>();
            attributes.put(REQUESTED_TRANSPORT, UDP);
            attributes.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
            attributes.put(REALM, challenge.get(REALM));
            attributes.put(NONCE, challenge.get(NONCE));
            Map<Integer, byte[]> answer = exchange(socket, server, request(attributes, key));
            return errorCode(answer);
        }
    }

    private static int errorCode(Map<Integer, byte[]> response) {
        if (response.get(-1)[0] == 1) {
            return 0;
        }
        byte[] error = response.get(ERROR_CODE);
        return (error[2] & 0x7) * 100 + (error[3] & 0xFF);
    }

    /** An Allocate request with these attributes, and MESSAGE-INTEGRITY under {@code key} if not null. */
    private static byte[] request(Map<Integer, byte[]> attributes, byte[] key) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<Integer, byte[]> a : attributes.entrySet()) {
            attribute(body, a.getKey(), a.getValue());
        }
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        int length = body.size() + (key == null ? 0 : 24);
        ByteBuffer message = ByteBuffer.allocate(20 + length);
        message.putShort((short) ALLOCATE).putShort((short) length).putInt(MAGIC_COOKIE).put(transaction)
                .put(body.toByteArray());
        if (key != null) {
            // HMAC-SHA1 over the message up to the attribute, its length already counting the attribute (§15.4)
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(message.array(), 0, 20 + body.size());
            message.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(mac.doFinal());
        }
        return message.array();
    }

    private static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type >> 8);
        out.write(type);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
        for (int pad = (4 - value.length % 4) % 4; pad > 0; pad--) {
            out.write(0);
        }
    }

    /** Sends a request and reads the response's attributes by type; key -1 holds 1 for success, 0 for error. */
    private static Map<Integer, byte[]> exchange(DatagramSocket socket, InetSocketAddress server, byte[] request)
            throws Exception {
        socket.send(new DatagramPacket(request, request.length, server));
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, packet.getLength());
        int type = in.getShort() & 0xFFFF;
        int length = in.getShort() & 0xFFFF;
        in.position(20);
        Map<Integer, byte[]> attributes = new HashMap<>();
        attributes.put(-1, new byte[] {(byte) (type == ALLOCATE_SUCCESS ? 1 : 0)});
        if (type != ALLOCATE_SUCCESS && type != ALLOCATE_ERROR) {
            throw new AssertionError("not an Allocate response: 0x" + Integer.toHexString(type));
        }
        while (in.position() < 20 + length) {
            int attributeType = in.getShort() & 0xFFFF;
            byte[] value = new byte[in.getShort() & 0xFFFF];
            in.get(value);
            in.position(in.position() + (4 - value.length % 4) % 4);
            attributes.put(attributeType, value);
        }
        return attributes;
    }
}
