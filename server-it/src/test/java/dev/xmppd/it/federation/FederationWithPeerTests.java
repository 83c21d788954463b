package dev.xmppd.it.federation;

import static dev.xmppd.it.federation.FederationChecks.await;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.xmppd.it.federation.FederationChecks.discoServer;
import static dev.xmppd.it.federation.FederationChecks.message;
import static dev.xmppd.it.federation.FederationChecks.pingServer;
import static dev.xmppd.it.federation.FederationChecks.presence;
import static dev.xmppd.it.federation.FederationChecks.subscribeBothWays;
import static dev.xmppd.it.federation.FederationChecks.vcard;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * xmppd federating with one real peer server, authenticated one way: each subclass names the peer and the
 * {@link Auth} and gets the same tests. Every test uses fresh accounts on both sides, so the tests do not depend on
 * each other's order; the first one opens the s2s links, the others reuse them.
 */
@ExtendWith(InteropPeersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FederationWithPeerTests {
    private final Peer peer;
    private final Auth auth;
    private S2sLog s2sLog;
    private XmppdNode xmppd;
    private Clients clients;

    FederationWithPeerTests(Peer peer, Auth auth) {
        this.peer = peer;
        this.auth = auth;
    }

    /** How the links between xmppd.test and the peer authenticate, in both directions, and the settings for it. */
    enum Auth {
        /**
         * xmppd with its generated self-signed certificate and no trust in the test CA: neither side can validate
         * the other, so both directions fall back to dialback (XEP-0220), each verified over a connection back to
         * the authoritative server.
         */
        DIALBACK("dialback"),
        /**
         * xmppd with a certificate from the test CA, trusting that CA, with {@code s2s.auth: certificates}: SASL
         * EXTERNAL (XEP-0178) both ways, and no dialback allowed.
         */
        CERTIFICATES("SASL EXTERNAL");

        final String method;

        Auth(String method) {
            this.method = method;
        }

        List<String> settings(InteropPki pki) throws Exception {
            if (this == DIALBACK) {
                return List.of("s2s.auth=dialback-allowed");
            }
            pki.issue(XmppdNode.DOMAIN);
            return List.of("s2s.auth=certificates", "tls.cert=" + pki.certFile(XmppdNode.DOMAIN),
                    "tls.key=" + pki.keyFile(XmppdNode.DOMAIN), "s2s.ca=[" + pki.caFile() + "]");
        }
    }

    @BeforeAll
    void start(InteropPeers peers) throws Exception {
        peer.start(peers);
        s2sLog = S2sLog.capture();
        xmppd = XmppdNode.start(peers, auth.settings(peers.pki()));
        clients = new Clients(xmppd.trust());
    }

    @AfterAll
    void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (xmppd != null) {
            xmppd.close();
        }
        if (s2sLog != null) {
            s2sLog.close();
        }
    }

    private XMPPTCPConnection local(String prefix) throws Exception {
        return xmppd.login(clients, Clients.user(prefix));
    }

    private XMPPTCPConnection remote(String prefix) throws Exception {
        return clients.register(peer.domain(), peer.address(), peer.c2sPort(), Clients.user(prefix));
    }

    @Test
    void messagesBothWaysOverLinksAuthenticatedAsExpected() throws Exception {
        XMPPTCPConnection x = local("x");
        XMPPTCPConnection p = remote("p");

        message(x, p, "from xmppd to " + peer.name());
        message(p, x, "from " + peer.name() + " to xmppd");

        String d = Pattern.quote(XmppdNode.DOMAIN);
        String r = Pattern.quote(peer.domain());
        String how = Pattern.quote("(" + auth.method + ",");
        await("xmppd log: s2s: xmppd.test -> " + peer.domain() + " authenticated (" + auth.method + ", ...)",
                () -> s2sLog.has("s2s: " + d + " -> " + r + " authenticated " + how));
        await("xmppd log: s2s: " + peer.domain() + " -> xmppd.test (inbound) authenticated (" + auth.method
                + ", ...)", () -> s2sLog.has("s2s: " + r + " -> " + d + " \\(inbound\\) authenticated " + how));
        String peerSide = auth == Auth.DIALBACK ? peer.dialbackIn() : peer.externalIn();
        await(peer.name() + " log (" + peer.log() + "): " + peerSide, () -> peer.logged(peerSide));
    }

    @Test
    void subscriptionsAndPresenceBothWays() throws Exception {
        XMPPTCPConnection x = local("x");
        XMPPTCPConnection p = remote("p");

        subscribeBothWays(x, p);
        presence(x, p, "xmppd says hello");
        presence(p, x, peer.name() + " says hello");
    }

    @Test
    void subscriptionAskedByThePeer() throws Exception {
        XMPPTCPConnection x = local("x");
        XMPPTCPConnection p = remote("p");

        subscribeBothWays(p, x);
        presence(x, p, "seen from " + peer.name());
    }

    @Test
    void iqsAcrossPingDiscoAndVcard() throws Exception {
        XMPPTCPConnection x = local("x");
        XMPPTCPConnection p = remote("p");

        pingServer(x, peer.domain());
        discoServer(x, peer.domain());
        pingServer(p, XmppdNode.DOMAIN);
        discoServer(p, XmppdNode.DOMAIN);
        vcard(x, p, "xmppd user");
        vcard(p, x, peer.name() + " user");
    }

    @Test
    void offlineMessageFromARemoteSender() throws Exception {
        String offline = Clients.user("offline");
        xmppd.addUser(offline);
        XMPPTCPConnection p = remote("p");
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();

        p.sendStanza(p.getStanzaFactory().buildMessageStanza().to(offline + "@" + XmppdNode.DOMAIN)
                .ofType(Message.Type.chat).setBody("stored for later").build());
        await("xmppd stores the message from " + peer.domain() + " for " + offline,
                () -> xmppd.offlineCount(offline) == 1);
        XMPPTCPConnection later = xmppd.connectOnly(clients, offline);
        later.addSyncStanzaListener(s -> received.add((Message) s),
                s -> s instanceof Message m && "stored for later".equals(m.getBody()));
        later.login();

        Message m = received.poll(FederationChecks.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("offline message from %s", p.getUser()).isNotNull();
        assertThat(m.getFrom().asBareJid().toString()).isEqualTo(FederationChecks.bare(p).toString());
    }

    @Test
    void remoteUserJoinsARoomOnXmppdAndTalks() throws Exception {
        XMPPTCPConnection x = local("x");
        XMPPTCPConnection p = remote("p");
        EntityBareJid room = JidCreate.entityBareFrom(Clients.user("room") + "@conference." + XmppdNode.DOMAIN);
        MultiUserChat owned = MultiUserChatManager.getInstanceFor(x).getMultiUserChat(room);
        owned.create(Resourcepart.from("owner")).makeInstant();
        BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
        owned.addMessageListener(heard::add);

        MultiUserChat joined = MultiUserChatManager.getInstanceFor(p).getMultiUserChat(room);
        joined.join(Resourcepart.from("guest")); // returns once the room sent the guest its own presence (XEP-0045)
        await("the owner sees " + peer.name() + "'s user in " + room,
                () -> owned.getOccupants().contains(JidCreate.entityFullFrom(room + "/guest")));
        joined.sendMessage("hello from " + peer.domain());

        Message m = heard.poll(FederationChecks.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("groupchat message of the remote occupant").isNotNull();
        assertThat(m.getFrom().toString()).isEqualTo(room + "/guest");
        assertThat(m.getBody()).isEqualTo("hello from " + peer.domain());
    }
}
