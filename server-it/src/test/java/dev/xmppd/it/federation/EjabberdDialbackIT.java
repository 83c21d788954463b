package dev.xmppd.it.federation;

/**
 * xmppd.test federating with Ejabberd (Debian's package), authenticated by dialback (XEP-0220) both ways: xmppd
 * presents a self-signed certificate and does not trust the test CA.
 */
class EjabberdDialbackIT extends FederationWithPeerTests {
    EjabberdDialbackIT() {
        super(Peer.EJABBERD, Auth.DIALBACK);
    }
}
