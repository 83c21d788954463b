package dev.xmppd.im.register;

import static dev.xmppd.im.adhoc.ModuleHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.ModuleHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** XEP-0077 through the real router: before authentication (§3.1) and after it (§3.2, §3.3). */
class RegisterModuleTest {
    private static final String NS = RegisterModule.NS;
    private static final String IP = "192.0.2.1";

    private final MutableClock clock = new MutableClock();
    private ModuleHarness server = new ModuleHarness(true, List.of(), () -> new RegisterModule(clock));

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq register(String id, String username, String password, String origin) throws Exception {
        return server.sendUnauthenticated("<iq type='set' id='" + id + "'><query xmlns='" + NS + "'><username>"
                + username + "</username><password>" + password + "</password></query></iq>", origin);
    }

    @Test
    void offersTheFormAndTheStreamFeature() throws Exception {
        Iq form = server.sendUnauthenticated("<iq type='get' id='g'><query xmlns='" + NS + "'/></iq>", IP);

        assertThat(form.type()).isEqualTo(IqType.RESULT);
        assertThat(form.payload().element(NS, "username")).isNotNull();
        assertThat(form.payload().element(NS, "password")).isNotNull();
        assertThat(form.payload().childText(NS, "instructions")).isNotBlank();
        assertThat(form.payload().element(NS, "registered")).isNull();
        DataForm x = DataForm.parse(form.payload().element(DataForm.NS, "x"));
        assertThat(x.type()).isEqualTo(DataForm.Type.FORM);
        assertThat(x.formType()).isEqualTo(NS);
        assertThat(x.field("username").required()).isTrue();
        assertThat(x.field("password").type()).isEqualTo(FormField.TEXT_PRIVATE);
        assertThat(x.field("password").required()).isTrue();
        assertThat(server.preAuthFeatures()).extracting(XmlElement::toXml)
                .contains("<register xmlns='http://jabber.org/features/iq-register'/>");
    }

    @Test
    void createsTheAccount() throws Exception {
        Iq reply = register("r", "Bill", "Calliope", IP);

        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        assertThat(server.exists("bill")).isTrue();
        assertThat(server.passwordIs("bill", "Calliope")).isTrue();
    }

    @Test
    void createsTheAccountFromADataForm() throws Exception {
        // Setup test fixture: one submission with the form's FORM_TYPE, one without it (XEP-0077 §4)
        String withType = "<field var='FORM_TYPE' type='hidden'><value>" + NS + "</value></field>";

        // Execute system under test
        Iq first = server.sendUnauthenticated(submission("f1", withType, "Bill", "Calliope"), IP);
        Iq second = server.sendUnauthenticated(submission("f2", "", "ann", "Thalia"), IP);
        Iq otherType = server.sendUnauthenticated(submission("f3",
                "<field var='FORM_TYPE' type='hidden'><value>urn:example:other</value></field>", "cy", "Clio"), IP);
        Iq emptyPassword = server.sendUnauthenticated(submission("f4", withType, "dee", ""), IP);

        // Verify results: the same rules as for the legacy fields, and no echo of the password
        assertThat(first.type()).isEqualTo(IqType.RESULT);
        assertThat(server.passwordIs("bill", "Calliope")).isTrue();
        assertThat(second.type()).isEqualTo(IqType.RESULT);
        assertThat(server.passwordIs("ann", "Thalia")).isTrue();
        assertThat(error(otherType).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(otherType.element().toXml()).doesNotContain("Clio");
        assertThat(error(emptyPassword).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(server.exists("cy")).isFalse();
        assertThat(server.exists("dee")).isFalse();
    }

    private static String submission(String id, String formType, String username, String password) {
        return "<iq type='set' id='" + id + "'><query xmlns='" + NS + "'><x xmlns='jabber:x:data' type='submit'>"
                + formType + "<field var='username'><value>" + username + "</value></field>"
                + "<field var='password'><value>" + password + "</value></field></x></query></iq>";
    }

    @Test
    void refusesATakenNameWithoutEchoingThePassword() throws Exception {
        server.addUser("bill", "first");

        Iq reply = register("r", "bill", "m1cro$oft", IP);

        assertThat(error(reply).condition()).isEqualTo(Condition.CONFLICT);
        assertThat(reply.element().toXml()).doesNotContain("m1cro$oft");
        assertThat(server.passwordIs("bill", "first")).isTrue();
    }

    @Test
    void refusesMissingFieldsAndBadUsernames() throws Exception {
        Iq noPassword = server.sendUnauthenticated("<iq type='set' id='a'><query xmlns='" + NS + "'><username>bill"
                + "</username><password/></query></iq>", IP);
        Iq noUsername = server.sendUnauthenticated("<iq type='set' id='b'><query xmlns='" + NS + "'><password>x"
                + "</password></query></iq>", IP);
        Iq badName = register("c", "bill@evil", "pw", IP);
        Iq remove = server.sendUnauthenticated("<iq type='set' id='d'><query xmlns='" + NS + "'><remove/></query>"
                + "</iq>", IP);

        assertThat(error(noPassword).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error(noUsername).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error(badName).condition()).isEqualTo(Condition.JID_MALFORMED);
        assertThat(error(remove).condition()).isEqualTo(Condition.UNEXPECTED_REQUEST);
        assertThat(server.storage.accounts().count(ModuleHarness.HOST).toCompletableFuture().get()).isZero();
    }

    @Test
    void limitsRegistrationsPerAddressPerHour() throws Exception {
        server.addUser("taken", "pw");
        for (int i = 0; i < RegisterModule.PER_ADDRESS_PER_HOUR; i++) {
            // Failed attempts do not count.
            assertThat(error(register("c" + i, "taken", "pw", IP)).condition()).isEqualTo(Condition.CONFLICT);
            assertThat(register("r" + i, "user" + i, "pw", IP).type()).isEqualTo(IqType.RESULT);
        }

        Iq refused = register("x", "onemore", "pw", IP);
        Iq elsewhere = register("y", "elsewhere", "pw", "198.51.100.7");
        clock.advance(Duration.ofHours(1));
        Iq later = register("z", "later", "pw", IP);

        assertThat(error(refused).condition()).isEqualTo(Condition.RESOURCE_CONSTRAINT);
        assertThat(server.exists("onemore")).isFalse();
        assertThat(elsewhere.type()).isEqualTo(IqType.RESULT);
        assertThat(later.type()).isEqualTo(IqType.RESULT);
    }

    @Test
    void tellsAUserItIsRegistered() throws Exception {
        server.addUser("alice", "pw");
        RecordingSession alice = server.connect("alice@example.com/phone");

        Iq toServer = server.send(alice, "<iq type='get' to='example.com' id='g1'><query xmlns='" + NS + "'/></iq>");
        Iq toSelf = server.send(alice, "<iq type='get' id='g2'><query xmlns='" + NS + "'/></iq>");

        for (Iq reply : List.of(toServer, toSelf)) {
            assertThat(reply.payload().element(NS, "registered")).isNotNull();
            assertThat(reply.payload().childText(NS, "username")).isEqualTo("alice");
        }
    }

    @Test
    void changesThePassword() throws Exception {
        server.addUser("alice", "old");
        RecordingSession alice = server.connect("alice@example.com/phone");

        Iq changed = server.send(alice, "<iq type='set' to='example.com' id='c'><query xmlns='" + NS + "'>"
                + "<username>alice</username><password>newpass</password></query></iq>");

        assertThat(changed.type()).isEqualTo(IqType.RESULT);
        assertThat(server.passwordIs("alice", "newpass")).isTrue();
        assertThat(alice.closedWith()).isNull();
    }

    @Test
    void keepsThePasswordOnABadChange() throws Exception {
        server.addUser("alice", "old");
        server.addUser("bob", "bobs");
        RecordingSession alice = server.connect("alice@example.com/phone");

        Iq empty = server.send(alice, "<iq type='set' id='e'><query xmlns='" + NS + "'><username>alice</username>"
                + "<password/></query></iq>");
        Iq other = server.send(alice, "<iq type='set' id='o'><query xmlns='" + NS + "'><username>bob</username>"
                + "<password>stolen</password></query></iq>");
        Iq incomplete = server.send(alice, "<iq type='set' id='i'><query xmlns='" + NS + "'><password>x</password>"
                + "</query></iq>");
        Iq othersAccount = server.send(alice, "<iq type='set' to='bob@example.com' id='b'><query xmlns='" + NS
                + "'><username>bob</username><password>stolen</password></query></iq>");

        assertThat(error(empty).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error(other).condition()).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(other.element().toXml()).doesNotContain("stolen");
        assertThat(error(incomplete).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(error(othersAccount).condition()).isEqualTo(Condition.FORBIDDEN);
        assertThat(server.passwordIs("alice", "old")).isTrue();
        assertThat(server.passwordIs("bob", "bobs")).isTrue();
    }

    @Test
    void removesTheAccountThenEndsItsSessions() throws Exception {
        server.addUser("alice", "pw");
        RecordingSession phone = server.connect("alice@example.com/phone");
        RecordingSession desk = server.connect("alice@example.com/desk");

        Iq reply = server.send(phone, "<iq type='set' id='u'><query xmlns='" + NS + "'><remove/></query></iq>");

        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        assertThat(server.exists("alice")).isFalse();
        // XEP-0077 §3.2: the result first, then a not-authorized stream error on every session.
        assertThat(phone.events()).hasSize(2).first().isSameAs(reply);
        assertThat(phone.events().get(1)).isInstanceOfSatisfying(StreamError.class, e ->
                assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_AUTHORIZED));
        assertThat(desk.closedWith().condition()).isEqualTo(StreamErrorCondition.NOT_AUTHORIZED);
    }

    @Test
    void removeMustBeAlone() throws Exception {
        server.addUser("alice", "pw");
        RecordingSession phone = server.connect("alice@example.com/phone");

        Iq reply = server.send(phone, "<iq type='set' id='u'><query xmlns='" + NS + "'><remove/><username>alice"
                + "</username></query></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(server.exists("alice")).isTrue();
        assertThat(phone.closedWith()).isNull();
    }

    @Test
    void offersNothingWhenRegistrationIsOff() throws Exception {
        server.close();
        server = new ModuleHarness(false, List.of(), () -> new RegisterModule(clock));
        server.addUser("alice", "pw");
        RecordingSession alice = server.connect("alice@example.com/phone");

        Iq before = server.sendUnauthenticated("<iq type='get' id='g'><query xmlns='" + NS + "'/></iq>", IP);
        Iq after = server.send(alice, "<iq type='set' id='u'><query xmlns='" + NS + "'><remove/></query></iq>");

        assertThat(server.preAuthFeatures()).isEmpty();
        assertThat(error(before).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
        assertThat(error(after).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
        assertThat(server.exists("alice")).isTrue();
    }
}
