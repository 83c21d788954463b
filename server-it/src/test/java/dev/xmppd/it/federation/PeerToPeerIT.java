package dev.xmppd.it.federation;

import static dev.xmppd.it.federation.FederationChecks.message;
import static dev.xmppd.it.federation.FederationChecks.presence;
import static dev.xmppd.it.federation.FederationChecks.subscribeBothWays;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness checked without xmppd: Prosody and ejabberd federate with each other through the stub DNS and the
 * test CA. When this fails, the interop tests' set-up is broken (not xmppd); when it passes and an xmppd interop
 * test fails, look at xmppd.
 */
@ExtendWith(InteropPeersExtension.class)
class PeerToPeerIT {
    private static Clients clients;

    @BeforeAll
    static void startPeers(InteropPeers peers) throws Exception {
        peers.requireProsody();
        peers.requireEjabberd();
        clients = new Clients(peers.pki().trustManager());
    }

    @AfterAll
    static void disconnect() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void prosodyAndEjabberdExchangeSubscriptionsPresenceAndMessages() throws Exception {
        XMPPTCPConnection p = clients.register(ProsodyPeer.DOMAIN, ProsodyPeer.ADDRESS, ProsodyPeer.C2S_PORT,
                Clients.user("p"));
        XMPPTCPConnection e = clients.register(EjabberdPeer.DOMAIN, EjabberdPeer.ADDRESS, EjabberdPeer.C2S_PORT,
                Clients.user("e"));

        message(p, e, "prosody to ejabberd");
        message(e, p, "ejabberd to prosody");
        subscribeBothWays(p, e);
        presence(e, p, "ejabberd status");
    }
}
