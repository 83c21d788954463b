package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.jivesoftware.smackx.iqprivate.packet.PrivateData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XEP-0049 with Smack's PrivateDataManager, across a restart. */
class PrivateXmlIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "private"));

    @Test
    void storedDataComesBackAfterARestart() throws Exception {
        server.addUser("alice", "alice-pw");
        XMPPTCPConnection alice = server.login("alice", "alice-pw");
        PrivateDataManager manager = PrivateDataManager.getInstanceFor(alice);
        assertThat(manager.isSupported()).isTrue();
        DefaultPrivateData prefs = new DefaultPrivateData("prefs", "urn:xmppd:test:prefs");
        prefs.setValue("theme", "dark");

        manager.setPrivateData(prefs);
        alice.disconnect();
        server.stop();
        server.start();
        alice = server.login("alice", "alice-pw");
        PrivateData back = PrivateDataManager.getInstanceFor(alice).getPrivateData("prefs", "urn:xmppd:test:prefs");
        alice.disconnect();

        assertThat(back).isInstanceOf(DefaultPrivateData.class);
        assertThat(((DefaultPrivateData) back).getValue("theme")).isEqualTo("dark");
    }
}
