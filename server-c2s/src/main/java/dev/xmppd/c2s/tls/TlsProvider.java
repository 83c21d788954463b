package dev.xmppd.c2s.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.conscrypt.Conscrypt;

/**
 * The TLS implementation behind the contexts.
 *
 * <p>Client listeners use {@link #OPENSSL}, Netty's own engine over netty-tcnative's BoringSSL, where its native
 * library loads (linux-x86_64 is shipped): at 5,000 idle TLS sessions it held 32 KB of RSS per session against 61 KB
 * with Conscrypt, because it releases its buffers while a connection is idle, and it opens no descriptors besides the
 * socket (Conscrypt opens a pipe pair per engine: 3 descriptors per session). Its {@code tls-exporter} comes from the
 * exporter secret ({@link OpenSslExporterSecrets}, {@link Tls13Exporter}); ALPN is set on the context, since its
 * engines have no JSSE ALPN selector.
 *
 * <p>Elsewhere, and for server-to-server contexts (whose ALPN and certificate checks use the JSSE engine API),
 * {@link #preferredJsse()}: {@link #CONSCRYPT} (BoringSSL through JNI, with an exporter) where its native library
 * loads, else the JDK's own, which has no exporter. Netty is told {@link SslProvider#JDK} for both, with Conscrypt as
 * the {@code SSLContext} provider: the engines are then plain JSSE engines, so the ALPN selector of
 * {@link TlsContexts} and {@link Conscrypt#exportKeyingMaterial} work on {@code SslHandler.engine()} as it is.
 */
enum TlsProvider {

    OPENSSL {
        @Override
        SslContextBuilder configure(SslContextBuilder builder) {
            return builder.sslProvider(SslProvider.OPENSSL);
        }

        @Override
        byte[] exportKeyingMaterial(SSLEngine engine, String label, byte[] context, int length) throws SSLException {
            if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl)) {
                return null;
            }
            byte[] secret = OpenSslExporterSecrets.INSTANCE.take(openSsl);
            if (secret == null) {
                return null;
            }
            try {
                return Tls13Exporter.export(engine.getSession().getCipherSuite(), secret, label, context, length);
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot export keying material: " + e.getMessage(), e);
            }
        }

        @Override
        String description() {
            return OpenSsl.versionString() + " (netty-tcnative)";
        }
    },

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

    /**
     * For the client listeners: OpenSSL if netty-tcnative's native library loads on this platform (linux-x86_64 is
     * shipped), else {@link #preferredJsse()}.
     */
    static TlsProvider preferred() {
        return OpenSsl.isAvailable() ? OPENSSL : preferredJsse();
    }

    /**
     * For contexts whose ALPN and certificate checks use the JSSE engine API (server-to-server): Conscrypt if its
     * native library loads on this platform, else the JDK.
     */
    static TlsProvider preferredJsse() {
        return conscryptUnavailableReason() == null ? CONSCRYPT : JDK;
    }

    /** Why OpenSSL cannot be used here, or {@code null} if it can. */
    static String openSslUnavailableReason() {
        Throwable cause = OpenSsl.unavailabilityCause();
        return cause == null ? null : cause.getClass().getSimpleName() + ": " + cause.getMessage();
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
        if (engine instanceof ReferenceCountedOpenSslEngine) {
            return OPENSSL;
        }
        try {
            return Conscrypt.isConscrypt(engine) ? CONSCRYPT : JDK;
        } catch (LinkageError e) {
            return JDK;
        }
    }
}
