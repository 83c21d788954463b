package dev.xmppd.im.privatexml;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XEP-0049 through the real router. */
class PrivateXmlModuleTest {
    private static final List<ModuleFactory> FACTORIES = List.of(new PrivateXmlModuleFactory());

    private MiscHarness server;
    private RecordingSession alice;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(FACTORIES, List.of("private"), "alice", "bob");
        alice = server.online("alice@example.com/phone");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq get(String child) throws Exception {
        return server.iq(alice, "<iq type='get' id='g" + System.nanoTime() + "'><query xmlns='jabber:iq:private'>"
                + child + "</query></iq>");
    }

    @Test
    void storesAndReturnsOneFragmentPerNamespace() throws Exception {
        Iq set = server.iq(alice, "<iq type='set' id='s1'><query xmlns='jabber:iq:private'>"
                + "<exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>"
                + "<storage xmlns='storage:bookmarks'><conference jid='r@muc.example.com'/></storage></query></iq>");

        Iq prefs = get("<exodus xmlns='exodus:prefs'/>");
        Iq bookmarks = get("<storage xmlns='storage:bookmarks'/>");

        assertThat(set.type()).isEqualTo(IqType.RESULT);
        XmlElement stored = prefs.payload().element("exodus:prefs", "exodus");
        assertThat(stored.childText("exodus:prefs", "defaultnick")).isEqualTo("Hamlet");
        assertThat(bookmarks.payload().element("storage:bookmarks", "storage").hasChildren()).isTrue();
    }

    @Test
    void nothingStoredReturnsTheEmptyElement() throws Exception {
        Iq reply = get("<exodus xmlns='exodus:prefs'/>");

        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        assertThat(reply.payload().elements()).singleElement().satisfies(e -> {
            assertThat(e.is("exodus:prefs", "exodus")).isTrue();
            assertThat(e.hasChildren()).isFalse();
        });
    }

    @Test
    void aLaterSetReplacesTheFragment() throws Exception {
        server.iq(alice, "<iq type='set' id='s2'><query xmlns='jabber:iq:private'><a xmlns='urn:x'>1</a></query></iq>");
        server.iq(alice, "<iq type='set' id='s3'><query xmlns='jabber:iq:private'><a xmlns='urn:x'>2</a></query></iq>");

        assertThat(get("<a xmlns='urn:x'/>").payload().childText("urn:x", "a")).isEqualTo("2");
    }

    @Test
    void anotherAccountsDataIsForbidden() throws Exception {
        Iq reply = server.iq(alice, "<iq type='get' to='bob@example.com' id='o1'><query xmlns='jabber:iq:private'>"
                + "<exodus xmlns='exodus:prefs'/></query></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void aQueryWithoutChildIsNotAcceptable() throws Exception {
        Iq reply = server.iq(alice, "<iq type='set' id='e1'><query xmlns='jabber:iq:private'/></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<q xmlns='jabber:iq:private'/>", "<message xmlns='jabber:client'/>",
        "<x xmlns='jabber:server'/>"})
    void reservedNamespacesAreNotAcceptable(String child) throws Exception {
        Iq reply = server.iq(alice, "<iq type='set' id='r1'><query xmlns='jabber:iq:private'>" + child
                + "</query></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void survivesARestart() throws Exception {
        server.iq(alice, "<iq type='set' id='s4'><query xmlns='jabber:iq:private'><a xmlns='urn:x'>kept</a></query></iq>");
        server.close();
        server = new MiscHarness(server.storage, FACTORIES, List.of("private"));
        alice = server.online("alice@example.com/laptop");

        assertThat(get("<a xmlns='urn:x'/>").payload().childText("urn:x", "a")).isEqualTo("kept");
    }
}
