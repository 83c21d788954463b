package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0280 carbons between two resources of one account, with real clients and Smack's CarbonManager. */
class CarbonsIT {
    @RegisterExtension
    static final TestServer server = new TestServer(CarbonsIT::withCarbons);

    record Carbon(CarbonExtension.Direction direction, Message copy) {
    }

    static XMPPTCPConnection phone;
    static XMPPTCPConnection laptop;
    static XMPPTCPConnection bob;
    static final BlockingQueue<Carbon> atLaptop = new LinkedBlockingQueue<>();
    static final BlockingQueue<Message> atPhone = new LinkedBlockingQueue<>();
    static final BlockingQueue<Message> atBob = new LinkedBlockingQueue<>();

    static XmppdConfig withCarbons(XmppdConfig c) {
        return BlockingIT.withModules(c, "carbons");
    }

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        phone = login("phone");
        laptop = login("laptop");
        bob = server.login("bob", "bob-pw");
        phone.addAsyncStanzaListener(s -> atPhone.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addAsyncStanzaListener(s -> atBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        CarbonManager carbons = CarbonManager.getInstanceFor(laptop);
        carbons.addCarbonCopyReceivedListener((direction, copy, wrapper) -> atLaptop.add(new Carbon(direction, copy)));
        assertThat(carbons.isSupportedByServer()).isTrue();
        carbons.enableCarbons();
    }

    private static XMPPTCPConnection login(String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("alice", "alice-pw").setResource(resource).build());
        c.connect().login();
        FullJid jid = FullJid.parse(c.getUser().toString());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Session s = server.server().router().sessions().get(jid);
            return s != null && s.isAvailable();
        });
        return c;
    }

    @AfterAll
    static void logout() {
        phone.disconnect();
        laptop.disconnect();
        bob.disconnect();
    }

    @Test
    void theOtherResourceGetsReceivedAndSentCopies() throws Exception {
        // Execute system under test: bob writes to the phone, the phone answers
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(phone.getUser()).ofType(Message.Type.chat)
                .setBody("to your phone").build());
        Message atPhoneFromBob = atPhone.poll(10, TimeUnit.SECONDS);
        phone.sendStanza(phone.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("bob@localhost"))
                .ofType(Message.Type.chat).setBody("answer from the phone").build());
        Message answer = atBob.poll(10, TimeUnit.SECONDS);
        Map<CarbonExtension.Direction, Message> copies = new EnumMap<>(CarbonExtension.Direction.class);
        for (int i = 0; i < 2; i++) {
            Carbon c = atLaptop.poll(10, TimeUnit.SECONDS); // Smack may hand them over in either order
            copies.put(c.direction(), c.copy());
        }
        Message received = copies.get(CarbonExtension.Direction.received);
        Message sent = copies.get(CarbonExtension.Direction.sent);

        // Verify results
        assertThat(atPhoneFromBob.getBody()).isEqualTo("to your phone");
        assertThat(answer.getBody()).isEqualTo("answer from the phone");
        assertThat(received.getBody()).isEqualTo("to your phone");
        assertThat(received.getFrom().toString()).isEqualTo(bob.getUser().toString());
        assertThat(received.getTo().toString()).isEqualTo(phone.getUser().toString());
        assertThat(sent.getBody()).isEqualTo("answer from the phone");
        assertThat(sent.getFrom().toString()).isEqualTo(phone.getUser().toString());
        assertThat(atPhone.poll(200, TimeUnit.MILLISECONDS)).as("the phone has carbons off").isNull();
    }
}
