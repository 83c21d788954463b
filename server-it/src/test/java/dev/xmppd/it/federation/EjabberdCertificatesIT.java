package dev.xmppd.it.federation;

/**
 * xmppd.test federating with Ejabberd (Debian's package), authenticated by SASL EXTERNAL (XEP-0178) both ways:
 * xmppd has a certificate from the test CA, trusts it, and allows no dialback (s2s.auth: certificates).
 */
class EjabberdCertificatesIT extends FederationWithPeerTests {
    EjabberdCertificatesIT() {
        super(Peer.EJABBERD, Auth.CERTIFICATES);
    }
}
