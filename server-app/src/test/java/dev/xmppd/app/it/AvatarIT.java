package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0398 and XEP-0153 with Smack clients over real sockets: an avatar published with XEP-0084 (data node open,
 * as the spec asks before it goes into the world-readable vCard) is a contact's vCard avatar, and the owner's next
 * presence carries its hash in {@code vcard-temp:x:update}; the account announces the conversion.
 */
class AvatarIT {
    private static final String DATA = "urn:xmpp:avatar:data";
    private static final String METADATA = "urn:xmpp:avatar:metadata";
    private static final String UPDATE = "vcard-temp:x:update";
    private static final byte[] IMAGE = "an avatar, in bytes".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final TestServer server = new TestServer();

    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;

    @BeforeAll
    static void accounts() throws Exception {
        // Smack has no provider for the presence's photo element; its generic one trips an assert under -ea.
        ProviderManager.addExtensionProvider("x", UPDATE, new PhotoUpdateProvider());
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        XMPPTCPConnection a = server.login("alice", "alice-pw");
        XMPPTCPConnection b = server.login("bob", "bob-pw");
        Roster.getInstanceFor(a).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(b).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(b).sendSubscriptionRequest(JidCreate.bareFrom("alice@localhost"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            RosterEntry entry = Roster.getInstanceFor(b).getEntry(JidCreate.bareFrom("alice@localhost"));
            return entry != null && entry.canSeeHisPresence();
        });
        a.disconnect();
        b.disconnect();
    }

    @AfterEach
    void logout() {
        for (XMPPTCPConnection c : new XMPPTCPConnection[] {alice, bob}) {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    @Test
    void aPepAvatarIsTheVcardAvatarAndItsHashIsInPresence() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        BlockingQueue<Presence> fromAlice = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(s -> {
            if (s.getFrom() != null && s.getFrom().asBareJid().toString().equals("alice@localhost")) {
                fromAlice.add((Presence) s);
            }
        }, StanzaTypeFilter.PRESENCE);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(IMAGE));
        EntityBareJid aliceJid = JidCreate.entityBareFrom("alice@localhost");

        // Execute: data with an open access model (Conversations does so), then metadata
        alice.sendIqRequestAndWaitForResponse(PepIT.pubsubSet("<publish node='" + DATA + "'><item id='" + sha1
                + "'><data xmlns='" + DATA + "'>" + Base64.getEncoder().encodeToString(IMAGE) + "</data></item>"
                + "</publish>" + PepIT.publishOptions("pubsub#access_model", "open")));
        PepManager.getInstanceFor(alice).publish(METADATA, new PayloadItem<>(sha1, new SimplePayload(
                "<metadata xmlns='" + METADATA + "'><info bytes='" + IMAGE.length + "' id='" + sha1
                        + "' type='image/png'/></metadata>")));
        fromAlice.clear();
        alice.sendStanza(PresenceBuilder.buildPresence().setMode(Presence.Mode.away).build());

        // Verify
        VCard card = VCardManager.getInstanceFor(bob).loadVCard(aliceJid);
        assertThat(card.getAvatar()).isEqualTo(IMAGE);
        assertThat(card.getAvatarMimeType()).isEqualTo("image/png");
        Presence away = fromAlice.poll(10, TimeUnit.SECONDS);
        assertThat(away).as("alice's presence").isNotNull();
        StandardExtensionElement x = (StandardExtensionElement) away.getExtensionElement("x", UPDATE);
        assertThat(x).as("vcard-temp:x:update in " + away.toXML()).isNotNull();
        assertThat(x.getFirstElement("photo").getText()).isEqualTo(sha1);
        assertThat(ServiceDiscoveryManager.getInstanceFor(bob).discoverInfo(aliceJid)
                .containsFeature("urn:xmpp:pep-vcard-conversion:0")).isTrue();
    }

    @Test
    void aVcardPhotoIsPublishedAsAPepAvatar() throws Exception {
        // Setup
        bob = server.login("bob", "bob-pw");
        byte[] image = "bob's face".getBytes(StandardCharsets.UTF_8);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image));
        VCard card = new VCard();
        card.setNickName("Bob");
        card.setAvatar(image, "image/jpeg");

        // Execute
        VCardManager.getInstanceFor(bob).saveVCard(card);
        alice = server.login("alice", "alice-pw");
        BareJid bobJid = JidCreate.bareFrom("bob@localhost");
        List<Item> metadata = PubSubManager.getInstanceFor(alice, bobJid).getLeafNode(METADATA).getItems();
        List<Item> data = PubSubManager.getInstanceFor(alice, bobJid).getLeafNode(DATA).getItems();

        // Verify
        assertThat(metadata).singleElement().satisfies(i -> {
            assertThat(i.getId()).isEqualTo(sha1);
            assertThat(((PayloadItem<?>) i).getPayload().toXML().toString()).contains("image/jpeg");
        });
        assertThat(data).singleElement().satisfies(i -> assertThat(((PayloadItem<?>) i).getPayload().toXML()
                .toString()).contains(Base64.getEncoder().encodeToString(image)));
    }

    /** {@code <x xmlns='vcard-temp:x:update'><photo>…</photo></x>} with the photo's text. */
    private static final class PhotoUpdateProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException {
            StandardExtensionElement.Builder x = StandardExtensionElement.builder("x", UPDATE);
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "photo".equals(parser.getName())) {
                    x.addElement("photo", parser.nextText());
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    return x.build();
                }
            }
        }
    }
}
