package dev.xmppd.it.federation;

/**
 * xmppd.test federating with Prosody (Debian's package), authenticated by dialback (XEP-0220) both ways: xmppd
 * presents a self-signed certificate and does not trust the test CA.
 */
class ProsodyDialbackIT extends FederationWithPeerTests {
    ProsodyDialbackIT() {
        super(Peer.PROSODY, Auth.DIALBACK);
    }
}
