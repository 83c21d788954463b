package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0402 §5 with Smack clients over real sockets: a client on XEP-0048 bookmarks in private XML storage (Smack's
 * {@link BookmarkManager}) and a client on the {@code urn:xmpp:bookmarks:1} PEP node see one list, the native
 * client is notified of the legacy client's changes, and the account announces {@code urn:xmpp:bookmarks:1#compat}.
 */
class BookmarksIT {
    private static final String NODE = "urn:xmpp:bookmarks:1";
    private static final String EVENT = "http://jabber.org/protocol/pubsub#event";

    @RegisterExtension
    static final TestServer server = new TestServer();

    private XMPPTCPConnection legacy;
    private XMPPTCPConnection modern;

    @BeforeAll
    static void accounts() throws Exception {
        server.addUser("juliet", "juliet-pw");
        server.addUser("romeo", "romeo-pw");
    }

    @AfterEach
    void logout() {
        for (XMPPTCPConnection c : new XMPPTCPConnection[] {legacy, modern}) {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** A XEP-0402 client: its caps ask for bookmark notifications (XEP-0402 §3.1). */
    private static XMPPTCPConnection modernClient(String user, BlockingQueue<Message> events) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config(user, user + "-pw")
                .setResource("modern").build());
        ServiceDiscoveryManager.getInstanceFor(c).addFeature(NODE + "+notify");
        c.addAsyncStanzaListener(s -> events.add((Message) s), new StanzaExtensionFilter("event", EVENT));
        c.connect().login();
        return c;
    }

    private static LeafNode bookmarksOf(XMPPTCPConnection c) throws Exception {
        BareJid self = c.getUser().asBareJid();
        return PubSubManager.getInstanceFor(c, self).getLeafNode(NODE);
    }

    @Test
    void aBookmarkAddedThroughPrivateStorageIsANativeBookmarkAndIsNotified() throws Exception {
        // Setup
        BlockingQueue<Message> events = new LinkedBlockingQueue<>();
        modern = modernClient("juliet", events);
        legacy = server.login("juliet", "juliet-pw");
        EntityBareJid orchard = JidCreate.entityBareFrom("orchard@conference.localhost");

        // Execute
        BookmarkManager.getBookmarkManager(legacy).addBookmarkedConference("The Orchard", orchard, true,
                Resourcepart.from("JC"), null);

        // Verify
        Message event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("notification of the new bookmark").isNotNull();
        assertThat(event.toXML().toString()).contains("orchard@conference.localhost");
        List<Item> items = bookmarksOf(modern).getItems();
        assertThat(items).extracting(Item::getId).containsExactly("orchard@conference.localhost");
        String conference = ((PayloadItem<?>) items.get(0)).getPayload().toXML().toString();
        assertThat(conference).contains("xmlns='" + NODE + "'").contains("name='The Orchard'")
                .contains("autojoin='true'").contains(">JC</nick>").doesNotContain("jid=");
    }

    @Test
    void aNativeBookmarkIsSeenThroughPrivateStorage() throws Exception {
        // Setup
        modern = modernClient("romeo", new LinkedBlockingQueue<>());

        // Execute: published as XEP-0402 §3.2 says, with publish-options
        modern.sendIqRequestAndWaitForResponse(PepIT.pubsubSet("<publish node='" + NODE + "'>"
                + "<item id='balcony@conference.localhost'><conference xmlns='" + NODE + "' name='Balcony'"
                + " autojoin='true'><nick>Romeo</nick></conference></item></publish>"
                + PepIT.publishOptions("pubsub#persist_items", "true", "pubsub#max_items", "max",
                        "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist")));
        legacy = server.login("romeo", "romeo-pw");
        List<BookmarkedConference> seen = BookmarkManager.getBookmarkManager(legacy).getBookmarkedConferences();

        // Verify
        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.getJid().toString()).isEqualTo("balcony@conference.localhost");
            assertThat(c.getName()).isEqualTo("Balcony");
            assertThat(c.isAutoJoin()).isTrue();
            assertThat(c.getNickname().toString()).isEqualTo("Romeo");
        });
        assertThat(ServiceDiscoveryManager.getInstanceFor(legacy).discoverInfo(legacy.getUser().asBareJid())
                .containsFeature(NODE + "#compat")).isTrue();
    }
}
