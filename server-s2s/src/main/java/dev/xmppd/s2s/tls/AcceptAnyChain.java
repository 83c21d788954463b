package dev.xmppd.s2s.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that lets every handshake complete whatever chain the peer presents (or none).
 *
 * <p>This is not "no security": a server-to-server stream is authenticated after the handshake, by
 * {@link dev.xmppd.s2s.auth.PeerCertificates} for SASL EXTERNAL or by dialback (XEP-0220) when the chain does not
 * validate. Failing the handshake instead would leave a peer with a self-signed certificate no way to federate, and
 * would tell the operator only "handshake failed". It extends {@link X509ExtendedTrustManager} so that the JDK does
 * not wrap it with its own host name check.
 */
final class AcceptAnyChain extends X509ExtendedTrustManager {

    static final AcceptAnyChain INSTANCE = new AcceptAnyChain();

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private AcceptAnyChain() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Judged after the handshake.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Judged after the handshake.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Judged after the handshake.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Judged after the handshake.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Judged after the handshake.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Judged after the handshake.
    }

    /**
     * None: the certificate request then names no authorities (RFC 8446 §4.2.4, RFC 5246 §7.4.4), so the peer sends
     * the certificate it has rather than none because its CA is not on a list.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
