package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0054 with Smack's VCardManager: save, load own and another's, and a restart. */
class VcardIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "vcard"));

    @Test
    void savedVcardIsReadByOwnerAndOthersAndSurvivesARestart() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        XMPPTCPConnection alice = server.login("alice", "alice-pw");
        VCard card = new VCard();
        card.setFirstName("Alice");
        card.setLastName("Liddell");
        card.setNickName("ali");
        card.setEmailHome("alice@example.org");

        VCardManager.getInstanceFor(alice).saveVCard(card);
        VCard own = VCardManager.getInstanceFor(alice).loadVCard();
        alice.disconnect();
        server.stop();
        server.start();
        XMPPTCPConnection bob = server.login("bob", "bob-pw");
        VCard seen = VCardManager.getInstanceFor(bob).loadVCard(JidCreate.entityBareFrom("alice@localhost"));
        VCard none = VCardManager.getInstanceFor(bob).loadVCard();
        bob.disconnect();

        assertThat(own.getNickName()).isEqualTo("ali");
        assertThat(seen.getFirstName()).isEqualTo("Alice");
        assertThat(seen.getLastName()).isEqualTo("Liddell");
        assertThat(seen.getEmailHome()).isEqualTo("alice@example.org");
        assertThat(none.getFirstName()).isNull(); // XEP-0054 §3.1: an empty vCard
    }
}
