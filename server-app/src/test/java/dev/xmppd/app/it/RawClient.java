package dev.xmppd.app.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A byte-level client for hostile input: writes whatever it is given (on its own thread, so a server that stops
 * reading cannot block the test) while reading everything the server answers until it closes the connection.
 */
final class RawClient {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    private RawClient() {
    }

    /** Sends the bytes and returns all the server said before it closed the connection (at most 30 s). */
    static String exchange(int port, byte[]... writes) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readAll(socket));
            OutputStream out = socket.getOutputStream();
            try {
                for (byte[] w : writes) {
                    out.write(w);
                    out.flush();
                }
            } catch (IOException e) {
                // the server may close while a large input is still being written: that is expected
            }
            return read.get(40, TimeUnit.SECONDS);
        }
    }

    static String exchange(int port, String... writes) throws Exception {
        byte[][] bytes = new byte[writes.length][];
        for (int i = 0; i < writes.length; i++) {
            bytes[i] = writes[i].getBytes(StandardCharsets.UTF_8);
        }
        return exchange(port, bytes);
    }

    private static String readAll(Socket socket) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] b = new byte[8192];
            for (int n; (n = in.read(b)) != -1; ) {
                buf.write(b, 0, n);
            }
        } catch (IOException e) {
            buf.writeBytes(("\n[read ended: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
