package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0160 offline messages with XEP-0203 stamps, kept across a restart, with a real client. */
class OfflineIT {
    @RegisterExtension
    static final TestServer server = new TestServer(OfflineIT::withOffline);

    static XmppdConfig withOffline(XmppdConfig c) {
        return BlockingIT.withModules(c, "offline");
    }

    @Test
    void messagesToAnOfflineUserArriveStampedAtNextLoginEvenAfterARestart() throws Exception {
        // Setup test fixture
        server.addUser("romeo", "romeo-pw");
        server.addUser("juliet", "juliet-pw");
        XMPPTCPConnection romeo = server.login("romeo", "romeo-pw");
        Instant before = Instant.now().minusSeconds(1);

        // Execute system under test: juliet is offline; the server restarts before she logs in
        for (String body : List.of("Art thou there?", "Juliet?")) {
            romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to("juliet@localhost")
                    .ofType(Message.Type.chat).setBody(body).build());
        }
        BareJid juliet = BareJid.of("juliet", TestServer.DOMAIN);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server().storage().archive("offline")
                .count(juliet).toCompletableFuture().get() == 2);
        romeo.disconnect();
        server.stop();
        server.start();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("juliet", "juliet-pw").build());
        c.addSyncStanzaListener(s -> received.add((Message) s), StanzaTypeFilter.MESSAGE); // sync: in arrival order
        c.connect().login();

        // Verify results
        Message first = received.poll(10, TimeUnit.SECONDS);
        Message second = received.poll(10, TimeUnit.SECONDS);
        assertThat(first.getBody()).isEqualTo("Art thou there?");
        assertThat(second.getBody()).isEqualTo("Juliet?");
        assertThat(first.getFrom().toString()).isEqualTo("romeo@localhost/" + romeo.getUser().getResourcepart());
        DelayInformation delay = DelayInformation.from(first);
        assertThat(delay).isNotNull();
        assertThat(delay.getFrom()).isEqualTo("localhost");
        assertThat(delay.getStamp().toInstant()).isBetween(before, Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server().storage().archive("offline")
                .count(juliet).toCompletableFuture().get() == 0);
        assertThat(ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom("localhost"))
                .containsFeature("msgoffline")).isTrue();
        c.disconnect();
    }
}
