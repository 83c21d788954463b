package dev.xmppd.c2s.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.KeyLogCallback;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the TLS 1.3 exporter master secret of each OpenSSL (BoringSSL) connection from its handshake until
 * {@code TlsChannelBinding} asks for it, so that {@code tls-exporter} (RFC 9266) works on Netty's OpenSSL engine,
 * which has no exporter API. BoringSSL hands the secret to the context's key log callback during the handshake, as
 * the line {@code EXPORTER_SECRET <client random> <secret>}; the entry is looked up by the connection's {@code SSL*}
 * and checked against its client random, then removed.
 *
 * <p>Bounded: a handshake that fails after the secret was logged leaves its entry behind, so the oldest entries are
 * dropped beyond {@link #MAX_PENDING}. A connection whose entry was dropped (more handshakes than that between its
 * secret and its completion) has no {@code tls-exporter} binding and falls back to {@code tls-server-end-point}.
 */
final class OpenSslExporterSecrets implements KeyLogCallback {

    static final int MAX_PENDING = 4096;
    /** One for all contexts: entries are keyed by connection. */
    static final OpenSslExporterSecrets INSTANCE = new OpenSslExporterSecrets();
    private static final byte[] PREFIX = "EXPORTER_SECRET ".getBytes(US_ASCII);

    private final Map<Long, byte[]> pending = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > MAX_PENDING;
        }
    };

    private OpenSslExporterSecrets() {
    }

    /**
     * Makes this the key log callback of an OpenSSL context. netty-tcnative's {@code SSLContext} calls take Netty's
     * private context handle (not the {@code SSL_CTX*} that {@code sslCtxPointer()} returns), read here by
     * reflection; if that fails the context is used without the callback, so without {@code tls-exporter}.
     *
     * @return false if the callback could not be installed
     */
    static boolean install(SslContext context) {
        try {
            Field handle = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            handle.setAccessible(true);
            return SSLContext.setKeyLogCallback(handle.getLong(context), INSTANCE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void handle(long ssl, byte[] line) {
        if (!startsWith(line, PREFIX)) {
            return;
        }
        synchronized (pending) {
            pending.put(ssl, line);
        }
    }

    /** Removes and returns the exporter master secret of an engine after its handshake, or {@code null}. */
    byte[] take(ReferenceCountedOpenSslEngine engine) {
        long ssl = engine.sslPointer();
        byte[] line;
        synchronized (pending) {
            line = pending.remove(ssl);
        }
        if (line == null) {
            return null;
        }
        // <label> <client random, hex> <secret, hex>
        String[] fields = new String(line, US_ASCII).trim().split(" ");
        if (fields.length != 3) {
            return null;
        }
        HexFormat hex = HexFormat.of();
        byte[] clientRandom = SSL.getClientRandom(ssl);
        if (clientRandom == null || !Arrays.equals(clientRandom, hex.parseHex(fields[1]))) {
            return null; // an entry of an earlier connection whose SSL* was reused
        }
        return hex.parseHex(fields[2]);
    }

    int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length > prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }
}
