package dev.xmppd.c2s.tls;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.conscrypt.Conscrypt;

/**
 * The JSSE implementation behind the TLS contexts: Conscrypt (BoringSSL through JNI) where its native library loads,
 * else the JDK's own. Conscrypt handshakes about three times faster and, unlike Java 17's JSSE, exports keying
 * material (RFC 5705, RFC 8446 §7.5), which {@code tls-exporter} (RFC 9266) needs.
 *
 * <p>Netty is told {@link SslProvider#JDK} in both cases, with Conscrypt as the {@code SSLContext} provider: the
 * engines are then plain JSSE engines, so the ALPN selector of {@link TlsContexts} and
 * {@link Conscrypt#exportKeyingMaterial} work on {@code SslHandler.engine()} as it is.
 */
enum TlsProvider {

    CONSCRYPT {
        @Override
        SslContextBuilder configure(SslContextBuilder builder) {
            return builder.sslProvider(SslProvider.JDK).sslContextProvider(Conscrypt.newProvider());
        }

        @Override
        byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length) throws SSLException {
            return Conscrypt.exportKeyingMaterial(engine, label, context, length);
        }

        @Override
        String description() {
            Conscrypt.Version version = Conscrypt.version();
            return "Conscrypt " + version.major() + '.' + version.minor() + '.' + version.patch();
        }
    },

    JDK {
        @Override
        SslContextBuilder configure(SslContextBuilder builder) {
            return builder.sslProvider(SslProvider.JDK);
        }

        @Override
        byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length) {
            return null; // Java 17's JSSE has no exporter API.
        }

        @Override
        String description() {
            return "the JDK's JSSE (" + System.getProperty("java.vendor") + ' ' + System.getProperty("java.version")
                    + ')';
        }
    };

    /** Sets the provider on a context builder. */
    abstract SslContextBuilder configure(SslContextBuilder builder);

    /**
     * The keying material exporter of an engine of this provider after its handshake, or {@code null} if the provider
     * has none.
     *
     * @throws SSLException if the engine cannot export, e.g. before the handshake or after it is closed
     */
    abstract byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length)
            throws SSLException;

    /** For the start-up log, e.g. "Conscrypt 2.5.2". */
    abstract String description();

    /** Conscrypt if its native library loads on this platform, else the JDK. */
    static TlsProvider preferred() {
        return conscryptUnavailableReason() == null ? CONSCRYPT : JDK;
    }

    /** Why Conscrypt cannot be used here, or {@code null} if it can. */
    static String conscryptUnavailableReason() {
        try {
            Conscrypt.checkAvailability();
            return null;
        } catch (LinkageError | RuntimeException e) {
            // No native library for this OS or CPU (e.g. linux-aarch64 in the uber jar), or the jar left out.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** The provider that made an engine. */
    static TlsProvider of(SSLEngine engine) {
        try {
            return Conscrypt.isConscrypt(engine) ? CONSCRYPT : JDK;
        } catch (LinkageError e) {
            return JDK;
        }
    }
}
