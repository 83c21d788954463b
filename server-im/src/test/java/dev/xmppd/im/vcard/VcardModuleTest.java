package dev.xmppd.im.vcard;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0054 through the real router. */
class VcardModuleTest {
    private static final List<ModuleFactory> FACTORIES = List.of(new DiscoModuleFactory(), new VcardModuleFactory());
    private static final List<String> MODULES = List.of("disco", "vcard");

    private MiscHarness server;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(FACTORIES, MODULES, "alice", "bob");
        alice = server.online("alice@example.com/phone");
        bob = server.online("bob@example.com/desk");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void noVcardYetIsAnEmptyVcard() throws Exception {
        Iq own = server.iq(alice, "<iq type='get' id='v1'><vCard xmlns='vcard-temp'/></iq>");
        Iq other = server.iq(bob, "<iq type='get' to='alice@example.com' id='v2'><vCard xmlns='vcard-temp'/></iq>");

        for (Iq reply : List.of(own, other)) {
            assertThat(reply.type()).isEqualTo(IqType.RESULT);
            assertThat(reply.payload().is("vcard-temp", "vCard")).isTrue();
            assertThat(reply.payload().hasChildren()).isFalse();
        }
    }

    @Test
    void theOwnerSetsItAndEveryoneReadsIt() throws Exception {
        Iq set = server.iq(alice, "<iq type='set' id='v3'><vCard xmlns='vcard-temp'><FN>Alice</FN>"
                + "<NICKNAME>ali</NICKNAME></vCard></iq>");
        Iq own = server.iq(alice, "<iq type='get' to='alice@example.com' id='v4'><vCard xmlns='vcard-temp'/></iq>");
        Iq other = server.iq(bob, "<iq type='get' to='alice@example.com' id='v5'><vCard xmlns='vcard-temp'/></iq>");

        assertThat(set.type()).isEqualTo(IqType.RESULT);
        assertThat(own.payload().childText("vcard-temp", "FN")).isEqualTo("Alice");
        assertThat(other.payload().childText("vcard-temp", "NICKNAME")).isEqualTo("ali");
        assertThat(other.from()).hasToString("alice@example.com");
    }

    @Test
    void nobodyElseMaySetIt() throws Exception {
        Iq set = server.iq(bob, "<iq type='set' to='alice@example.com' id='v6'><vCard xmlns='vcard-temp'>"
                + "<FN>Mallory</FN></vCard></iq>");
        Iq read = server.iq(alice, "<iq type='get' id='v7'><vCard xmlns='vcard-temp'/></iq>");

        assertThat(error(set).condition()).isEqualTo(Condition.FORBIDDEN);
        assertThat(read.payload().hasChildren()).isFalse();
    }

    @Test
    void anUnknownAccountHasNoVcard() throws Exception {
        Iq reply = server.iq(alice, "<iq type='get' to='nobody@example.com' id='v8'><vCard xmlns='vcard-temp'/></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE); // RFC 6121 §8.5.1
    }

    @Test
    void survivesARestart() throws Exception {
        server.iq(alice, "<iq type='set' id='v9'><vCard xmlns='vcard-temp'><FN>Alice</FN></vCard></iq>");
        server.close();
        server = new MiscHarness(server.storage, FACTORIES, MODULES);
        RecordingSession again = server.online("bob@example.com/desk");

        Iq read = server.iq(again, "<iq type='get' to='alice@example.com' id='v10'><vCard xmlns='vcard-temp'/></iq>");

        assertThat(read.payload().childText("vcard-temp", "FN")).isEqualTo("Alice");
    }
}
