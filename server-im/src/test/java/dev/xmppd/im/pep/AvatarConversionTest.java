package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.PepTestSupport.PUBSUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.presence.PresenceModuleFactory;
import dev.xmppd.im.roster.RosterModuleFactory;
import dev.xmppd.im.testing.MiscHarness;
import dev.xmppd.im.vcard.VcardModuleFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0398 and XEP-0153 through the router: XEP-0084 avatars into the vCard, its hash into presence. */
class AvatarConversionTest {
    private static final String UPDATE = "vcard-temp:x:update";
    private static final byte[] IMAGE = "not really a PNG, but bytes all the same".getBytes(StandardCharsets.UTF_8);
    private static final String SHA1 = AvatarConversion.sha1(IMAGE);
    private static final String BASE64 = Base64.getEncoder().encodeToString(IMAGE);

    private MiscHarness server;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(List.of(new DiscoModuleFactory(), new RosterModuleFactory(),
                new PresenceModuleFactory(), new VcardModuleFactory(), new PepModuleFactory()),
                List.of("disco", "roster", "presence", "vcard", "pep"), "alice", "bob");
        alice = server.online("alice@example.com/phone");
        bob = server.online("bob@example.com/desk");
        PepTestSupport.befriend(server, alice, bob);
        bob.clear();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void publishAvatar(String dataAccess, String id, String base64) throws Exception {
        server.iq(alice, "<iq type='set' id='d'><pubsub xmlns='" + PUBSUB + "'><publish node='"
                + AvatarConversion.DATA + "'><item id='" + id + "'><data xmlns='" + AvatarConversion.DATA + "'>"
                + base64 + "</data></item></publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + ConfigForm.PUBLISH_OPTIONS + "</value></field>"
                + "<field var='pubsub#access_model'><value>" + dataAccess + "</value></field></x>"
                + "</publish-options></pubsub></iq>");
        server.iq(alice, PepTestSupport.publish(AvatarConversion.METADATA, id, "<metadata xmlns='"
                + AvatarConversion.METADATA + "'><info id='" + id + "' bytes='" + IMAGE.length
                + "' type='image/png'/><info id='other' url='https://example.com/a.png' type='image/png'/>"
                + "</metadata>"));
    }

    private XmlElement vcard() throws Exception {
        Iq reply = server.iq(bob, "<iq type='get' id='v' to='alice@example.com'><vCard xmlns='vcard-temp'/></iq>");
        return reply.payload();
    }

    private String photoInPresence(RecordingSession s) {
        List<Presence> got = s.presences();
        assertThat(got).isNotEmpty();
        XmlElement x = got.get(got.size() - 1).element().element(UPDATE, "x");
        return x == null ? null : x.childText(UPDATE, "photo");
    }

    @Test
    void anOpenAvatarBecomesTheVcardPhotoAndItsHashIsInPresence() throws Exception {
        // Execute
        publishAvatar("open", SHA1, BASE64);
        server.send(alice, "<presence><show>away</show></presence>");

        // Verify
        XmlElement photo = vcard().element("vcard-temp", "PHOTO");
        assertThat(photo.childText("vcard-temp", "TYPE")).isEqualTo("image/png");
        assertThat(photo.childText("vcard-temp", "BINVAL")).isEqualTo(BASE64);
        assertThat(photoInPresence(bob)).isEqualTo(SHA1);
    }

    @Test
    void anAvatarOnlyContactsMaySeeStaysOutOfTheVcard() throws Exception {
        // Execute
        publishAvatar("presence", SHA1, BASE64);

        // Verify
        assertThat(vcard().element("vcard-temp", "PHOTO")).isNull();
    }

    @Test
    void anImageWhoseHashIsNotItsIdIsNotConverted() throws Exception {
        // Execute
        publishAvatar("open", "0000000000000000000000000000000000000000", BASE64);

        // Verify
        assertThat(vcard().element("vcard-temp", "PHOTO")).isNull();
    }

    @Test
    void aVcardPhotoSetByTheClientIsAnnouncedUnlessThePresenceSaysOtherwise() throws Exception {
        // Setup
        Iq set = server.iq(alice, "<iq type='set' id='s'><vCard xmlns='vcard-temp'><FN>Alice</FN><PHOTO>"
                + "<TYPE>image/png</TYPE><BINVAL>" + BASE64 + "</BINVAL></PHOTO></vCard></iq>");
        assertThat(set.type()).isEqualTo(IqType.RESULT);

        // Execute + Verify: an empty <x/> is filled in, <photo/> (no avatar, the client says) is kept
        server.send(alice, "<presence><x xmlns='" + UPDATE + "'/></presence>");
        assertThat(photoInPresence(bob)).isEqualTo(SHA1);
        server.send(alice, "<presence><x xmlns='" + UPDATE + "'><photo/></x></presence>");
        assertThat(photoInPresence(bob)).isEmpty();
    }

    @Test
    void theAccountAnnouncesTheConversion() throws Exception {
        // Execute
        Iq info = server.iq(bob, "<iq type='get' id='i' to='alice@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        // Verify
        assertThat(info.payload().elements()).extracting(e -> e.attribute("var")).contains(AvatarConversion.FEATURE);
    }

    private List<XmlElement> items(String node) throws Exception {
        Iq reply = server.iq(bob, "<iq type='get' id='" + node + "' to='alice@example.com'>"
                + "<pubsub xmlns='" + PUBSUB + "'><items node='" + node + "'/></pubsub></iq>");
        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        return reply.payload().firstElement().elements();
    }

    @Test
    void aVcardPhotoIsPublishedAsAnAvatarOnce() throws Exception {
        // Setup: alice's resource wants metadata notifications
        PepTestSupport.online(server, alice, List.of("http://jabber.org/protocol/caps", AvatarConversion.METADATA,
                AvatarConversion.METADATA + "+notify"));
        String vcard = "<iq type='set' id='s'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/jpeg</TYPE><BINVAL>"
                + BASE64 + "</BINVAL></PHOTO></vCard></iq>";

        // Execute: the same photo twice
        server.iq(alice, vcard);
        server.iq(alice, vcard.replace("id='s'", "id='s2'"));

        // Verify: bob (a stranger to the open nodes would do as well) reads both nodes; one notification
        assertThat(items(AvatarConversion.DATA)).singleElement().satisfies(i -> {
            assertThat(i.attribute("id")).isEqualTo(SHA1);
            assertThat(i.firstElement().text()).isEqualTo(BASE64);
        });
        assertThat(items(AvatarConversion.METADATA)).singleElement().satisfies(i -> {
            XmlElement info = i.firstElement().firstElement();
            assertThat(info.attribute("id")).isEqualTo(SHA1);
            assertThat(info.attribute("type")).isEqualTo("image/jpeg");
            assertThat(info.attribute("bytes")).isEqualTo(Integer.toString(IMAGE.length));
        });
        assertThat(PepTestSupport.notifiedIds(alice)).containsExactly(SHA1);
    }
}
