package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.geoloc.GeoLocationManager;
import org.jivesoftware.smackx.geoloc.packet.GeoLocation;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0163 with Smack clients over real sockets: notifications to a contact whose caps carry {@code +notify}, the
 * last item on login, retraction, avatars (XEP-0084), bookmarks (XEP-0402) and an OMEMO device list (XEP-0384)
 * with publish-options, access models, node configuration, and persistence across a restart. Runs on H2 and on
 * PostgreSQL like the other stored features.
 */
class PepIT {
    private static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    private static final String BOOKMARKS = "urn:xmpp:bookmarks:1";
    private static final String DEVICES = "urn:xmpp:omemo:2:devices";
    private static final String NOTES = "urn:xmppd:test:notes";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;
    private XMPPTCPConnection carol;

    @BeforeAll
    static void accounts() throws Exception {
        // Known elements parse; these would kill Smack's reader thread with -ea (see AttributesOnlyProvider).
        AttributesOnlyProvider.register("http://jabber.org/protocol/pubsub#errors", List.of("precondition-not-met",
                "closed-node", "presence-subscription-required", "not-in-roster-group", "unsupported",
                "item-required", "payload-too-big"));
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        server.addUser("carol", "carol-pw"); // no contact of alice
        // alice and bob see each other's presence, so bob gets alice's events
        XMPPTCPConnection a = server.login("alice", "alice-pw");
        XMPPTCPConnection b = server.login("bob", "bob-pw");
        Roster.getInstanceFor(a).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(b).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(b).sendSubscriptionRequest(JidCreate.bareFrom("alice@localhost"));
        Roster.getInstanceFor(a).sendSubscriptionRequest(JidCreate.bareFrom("bob@localhost"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            RosterEntry alice = Roster.getInstanceFor(b).getEntry(JidCreate.bareFrom("alice@localhost"));
            RosterEntry bob = Roster.getInstanceFor(a).getEntry(JidCreate.bareFrom("bob@localhost"));
            return alice != null && alice.canSeeHisPresence() && bob != null && bob.canSeeHisPresence();
        });
        a.disconnect();
        b.disconnect();
    }

    @AfterEach
    void logout() {
        for (XMPPTCPConnection c : new XMPPTCPConnection[] {alice, bob, carol}) {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** Logs in with listeners added first, so that the initial presence already carries the +notify caps. */
    private static XMPPTCPConnection loginWithNotify(String user, BlockingQueue<Message> events, String... nodes)
            throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config(user, user + "-pw").build());
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(c);
        for (String node : nodes) {
            disco.addFeature(node + "+notify");
        }
        c.addAsyncStanzaListener(s -> events.add((Message) s), new StanzaExtensionFilter("event", EVENT));
        c.connect().login();
        return c;
    }

    private static LeafNode node(XMPPTCPConnection reader, String owner, String node) throws Exception {
        BareJid service = JidCreate.bareFrom(owner + "@localhost");
        return PubSubManager.getInstanceFor(reader, service).getLeafNode(node);
    }

    private static String payload(Item item) {
        return ((PayloadItem<?>) item).getPayload().toXML().toString();
    }

    @Test
    void aContactWithNotifyGetsEventsAndTheLastItemOnLogin() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        BlockingQueue<GeoLocation> atBob = new LinkedBlockingQueue<>();
        BlockingQueue<Message> ignored = new LinkedBlockingQueue<>();
        bob = loginWithNotify("bob", ignored);
        GeoLocationManager.getInstanceFor(bob).addGeoLocationListener((from, geo, id, m) -> atBob.add(geo));
        assertThat(PepManager.getInstanceFor(alice).isSupported()).isTrue();

        // Execute: a publish while bob is online...
        GeoLocation verona = GeoLocation.builder().setLocality("Verona").build();
        GeoLocation mantua = GeoLocation.builder().setLocality("Mantua").build();
        GeoLocationManager.getInstanceFor(alice).publishGeoLocation(verona);
        GeoLocation first = atBob.poll(10, TimeUnit.SECONDS);
        bob.disconnect();
        // ...and one while he is away, which he gets as the last item when he comes back
        GeoLocationManager.getInstanceFor(alice).publishGeoLocation(mantua);
        BlockingQueue<Message> atBobAgain = new LinkedBlockingQueue<>();
        bob = loginWithNotify("bob", atBobAgain, GeoLocationManager.GEOLOCATION_NODE);

        // Verify
        assertThat(first).isNotNull();
        assertThat(first.getLocality()).isEqualTo("Verona");
        Message last = atBobAgain.poll(10, TimeUnit.SECONDS);
        assertThat(last).isNotNull();
        assertThat(last.getFrom().toString()).isEqualTo("alice@localhost");
        assertThat(last.getType()).isEqualTo(Message.Type.headline);
        assertThat(last.toXML().toString()).contains("Mantua").doesNotContain("Verona");
    }

    @Test
    void aRetractionIsNotifiedAndANodeWithoutNotifyIsNot() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        BlockingQueue<Message> atBob = new LinkedBlockingQueue<>();
        bob = loginWithNotify("bob", atBob, NOTES);
        LeafNode notes = PepManager.getInstanceFor(alice).publish(NOTES,
                new PayloadItem<>("n1", new SimplePayload("<note xmlns='" + NOTES + "'>one</note>")));
        assertThat(atBob.poll(10, TimeUnit.SECONDS).toXML().toString()).contains("one");

        // Execute
        notes.deleteItem("n1");
        PepManager.getInstanceFor(alice).publish("urn:xmppd:test:unwanted",
                new PayloadItem<>("u1", new SimplePayload("<u xmlns='urn:xmppd:test:unwanted'/>")));
        PepManager.getInstanceFor(alice).publish(NOTES,
                new PayloadItem<>("n2", new SimplePayload("<note xmlns='" + NOTES + "'>two</note>")));

        // Verify: the retraction, then n2; nothing of the node bob did not ask for. (n1 may come twice: once
        // published, once as the last item when the server learnt bob's caps, XEP-0163 §4.3.4.)
        List<String> seen = new java.util.ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Message m = atBob.poll();
            if (m != null) {
                seen.add(m.toXML().toString());
            }
            return seen.stream().anyMatch(x -> x.contains("two"));
        });
        assertThat(seen).noneMatch(x -> x.contains("unwanted"));
        assertThat(seen.stream().filter(x -> !x.contains("one")).toList()).hasSize(2)
                .satisfies(l -> assertThat(l.get(0)).contains("<retract id='n1'"))
                .satisfies(l -> assertThat(l.get(1)).contains("two"));
    }

    @Test
    void anAvatarIsPublishedAndRetrievedByAContact() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        String id = "111f4b3c50d7b0df729d299bc6f8e9ef9066971f";
        PepManager pep = PepManager.getInstanceFor(alice);

        // Execute
        pep.publish("urn:xmpp:avatar:data", new PayloadItem<>(id,
                new SimplePayload("<data xmlns='urn:xmpp:avatar:data'>iVBORw0KGgo=</data>")));
        pep.publish("urn:xmpp:avatar:metadata", new PayloadItem<>(id, new SimplePayload(
                "<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='8' id='" + id
                        + "' type='image/png'/></metadata>")));
        List<Item> metadata = node(bob, "alice", "urn:xmpp:avatar:metadata").getItems(1);
        List<Item> data = node(bob, "alice", "urn:xmpp:avatar:data").getItems(List.of(id));

        // Verify
        assertThat(metadata).singleElement().satisfies(i -> assertThat(i.getId()).isEqualTo(id));
        assertThat(payload(metadata.get(0))).contains("image/png");
        assertThat(payload(data.get(0))).contains("iVBORw0KGgo=");
    }

    @Test
    void bookmarksWithPublishOptionsStayPrivateAndConfigurationRoundTrips() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        String options = publishOptions("pubsub#persist_items", "true", "pubsub#max_items", "max",
                "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist");

        // Execute
        for (String room : List.of("orchard@conference.localhost", "balcony@conference.localhost")) {
            alice.sendIqRequestAndWaitForResponse(pubsubSet("<publish node='" + BOOKMARKS + "'><item id='" + room
                    + "'><conference xmlns='" + BOOKMARKS + "' autojoin='true'/></item></publish>" + options));
        }
        LeafNode own = node(alice, "alice", BOOKMARKS);
        List<Item> mine = own.getItems();
        ConfigureForm config = own.getNodeConfiguration();
        FillableConfigureForm change = config.getFillableForm();
        change.setMaxItems(100);
        own.sendConfigurationForm(change);
        ConfigureForm changed = own.getNodeConfiguration();

        // Verify
        assertThat(mine).extracting(Item::getId)
                .containsExactly("orchard@conference.localhost", "balcony@conference.localhost");
        assertThat(config.getAccessModel()).isEqualTo(AccessModel.whitelist);
        assertThat(changed.getMaxItems()).isEqualTo(100);
        assertThat(changed.getAccessModel()).isEqualTo(AccessModel.whitelist);
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(pubsubSet("<publish node='" + BOOKMARKS
                + "'><item id='x'><conference xmlns='" + BOOKMARKS + "'/></item></publish>"
                + publishOptions("pubsub#access_model", "open"))))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.conflict));
        assertThatThrownBy(() -> node(bob, "alice", BOOKMARKS).getItems())
                .isInstanceOf(XMPPErrorException.class);
    }

    @Test
    void anOpenDeviceListIsReadByAStrangerAndAPresenceNodeIsNot() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        carol = server.login("carol", "carol-pw");
        alice.sendIqRequestAndWaitForResponse(pubsubSet("<publish node='" + DEVICES + "'><item id='current'>"
                + "<devices xmlns='urn:xmpp:omemo:2'><device id='12345'/></devices></item></publish>"
                + publishOptions("pubsub#access_model", "open")));
        PepManager.getInstanceFor(alice).publish(NOTES,
                new PayloadItem<>("n1", new SimplePayload("<note xmlns='" + NOTES + "'>private</note>")));

        // Execute
        List<Item> devices = node(carol, "alice", DEVICES).getItems();

        // Verify
        assertThat(payload(devices.get(0))).contains("12345");
        assertThatThrownBy(() -> node(carol, "alice", NOTES).getItems())
                .isInstanceOf(XMPPErrorException.class);
    }

    @Test
    void itemsSurviveARestart() throws Exception {
        // Setup
        alice = server.login("alice", "alice-pw");
        PepManager.getInstanceFor(alice).publish("urn:xmppd:test:kept",
                new PayloadItem<>("k1", new SimplePayload("<k xmlns='urn:xmppd:test:kept'>still here</k>")));
        alice.disconnect();

        // Execute
        server.stop();
        server.start();
        alice = server.login("alice", "alice-pw");

        // Verify
        assertThat(payload(node(alice, "alice", "urn:xmppd:test:kept").getItems().get(0))).contains("still here");
    }

    static String publishOptions(String... varsAndValues) {
        StringBuilder x = new StringBuilder("<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options"
                + "</value></field>");
        for (int i = 0; i < varsAndValues.length; i += 2) {
            x.append("<field var='").append(varsAndValues[i]).append("'><value>").append(varsAndValues[i + 1])
                    .append("</value></field>");
        }
        return x.append("</x></publish-options>").toString();
    }

    /** A pubsub set with this content, to the sender's own account. */
    static IQ pubsubSet(String content) {
        IQ iq = new IQ("pubsub", "http://jabber.org/protocol/pubsub") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.rightAngleBracket();
                xml.append(content);
                return xml;
            }
        };
        iq.setType(IQ.Type.set);
        return iq;
    }
}
