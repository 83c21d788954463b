package dev.xmppd.it.federation;

/**
 * xmppd.test federating with Prosody (Debian's package), authenticated by SASL EXTERNAL (XEP-0178) both ways: xmppd
 * has a certificate from the test CA, trusts it, and allows no dialback (s2s.auth: certificates).
 */
class ProsodyCertificatesIT extends FederationWithPeerTests {
    ProsodyCertificatesIT() {
        super(Peer.PROSODY, Auth.CERTIFICATES);
    }
}
