package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqlast.packet.LastActivity;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** What a client learns about the server: XEP-0012, XEP-0092, XEP-0202, XEP-0115, and XEP-0030 of an account. */
class ServerInfoIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "last", "version", "time", "caps"));

    static XMPPTCPConnection alice;
    static DomainBareJid domain;

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        alice = server.login("alice", "alice-pw");
        domain = JidCreate.domainBareFrom(TestServer.DOMAIN);
    }

    @AfterAll
    static void logout() {
        alice.disconnect();
    }

    @Test
    void lastActivityOfTheServerIsItsUptime() throws Exception {
        LastActivity uptime = LastActivityManager.getInstanceFor(alice).getLastActivity(domain);
        LastActivity self = LastActivityManager.getInstanceFor(alice).getLastActivity(alice.getUser().asBareJid());

        assertThat(uptime.getIdleTime()).isBetween(0L, 600L);
        assertThat(self.getIdleTime()).isZero(); // XEP-0012 §3: available now
    }

    @Test
    void versionNamesTheServerAndHidesTheOperatingSystem() throws Exception {
        Version version = VersionManager.getInstanceFor(alice).getVersion(domain);

        assertThat(version.getName()).isEqualTo("xmppd");
        assertThat(version.getVersion()).isNotBlank();
        assertThat(version.getOs()).isNull();
    }

    @Test
    void entityTimeIsNow() throws Exception {
        Time time = EntityTimeManager.getInstanceFor(alice).getTime(domain);

        assertThat(Duration.between(time.getTime().toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(time.getTzo()).matches("[+-]\\d\\d:\\d\\d");
    }

    @Test
    void theServerCapsAreInTheStreamFeaturesAndVerify() throws Exception {
        EntityCapsManager.NodeVerHash caps = EntityCapsManager.getNodeVerHashByJid(domain);
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(domain, caps.getNodeVer());

        assertThat(caps.getNode()).isEqualTo("https://xmppd.dev");
        assertThat(caps.getHash()).isEqualTo("sha-1");
        assertThat(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), info)).isTrue();
        assertThat(info.containsFeature("jabber:iq:version")).isTrue();
    }

    @Test
    void anAccountIsARegisteredAccount() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(alice.getUser().asBareJid());

        assertThat(info.hasIdentity("account", "registered")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
    }
}
