package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ContactConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.xdata.packet.DataForm;
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

/**
 * What a client learns about the server: XEP-0012, XEP-0092, XEP-0202, XEP-0115 (with a XEP-0128 form in the hash),
 * XEP-0157 contact addresses, and XEP-0030 of an account.
 */
class ServerInfoIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "last", "version", "time", "caps")
            .withContact(new ContactConfig(List.of("mailto:abuse@localhost", "xmpp:abuse@localhost"),
                    List.of("xmpp:admin@localhost"), List.of(), List.of(), List.of(), List.of(),
                    List.of("https://localhost/support"))));

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
        assertThat(info.getExtensions(DataForm.class)).as("the XEP-0157 form is part of what the caps hash")
                .hasSize(1);
    }

    @Test
    void contactAddressesAreInTheServersDiscoInfo() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(domain);

        DataForm form = DataForm.from(info, "http://jabber.org/network/serverinfo");
        assertThat(form.getType()).isEqualTo(DataForm.Type.result);
        assertThat(form.getField("abuse-addresses").getValuesAsString())
                .containsExactly("mailto:abuse@localhost", "xmpp:abuse@localhost");
        assertThat(form.getField("admin-addresses").getValuesAsString()).containsExactly("xmpp:admin@localhost");
        assertThat(form.getField("support-addresses").getValuesAsString())
                .containsExactly("https://localhost/support");
        assertThat(form.getField("sales-addresses")).as("no field for a kind without addresses").isNull();
    }

    @Test
    void anAccountIsARegisteredAccount() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(alice.getUser().asBareJid());

        assertThat(info.hasIdentity("account", "registered")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
    }
}
