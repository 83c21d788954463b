package dev.xmppd.im.admin;

import static dev.xmppd.im.adhoc.ModuleHarness.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.adhoc.AdHocModule;
import dev.xmppd.im.adhoc.DataForm;
import dev.xmppd.im.adhoc.FormField;
import dev.xmppd.im.adhoc.ModuleHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0133 commands through the real router, as Smack's ServiceAdministrationManager runs them. */
class AdminModuleTest {
    private static final String CMD = AdHocModule.NS;
    private static final String ADMIN = AdminModule.FORM_TYPE + "#";

    private final ModuleHarness server = new ModuleHarness(false, List.of("root@example.com"), AdHocModule::new,
            AdminModule::new);
    private RecordingSession root;
    private RecordingSession alice;

    @BeforeEach
    void setUp() throws Exception {
        server.addUser("root", "pw");
        server.addUser("alice", "pw");
        root = server.connect("root@example.com/console");
        alice = server.connect("alice@example.com/phone");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Executes a command, then submits the form it returned with these field values (var, value, value…). */
    private Iq run(RecordingSession from, String command, List<List<String>> answers) throws Exception {
        Iq first = execute(from, command);
        if (first.type() != IqType.RESULT || answers == null) {
            return first;
        }
        List<FormField> fields = new ArrayList<>();
        fields.add(FormField.hidden(DataForm.FORM_TYPE, AdminModule.FORM_TYPE));
        for (List<String> a : answers) {
            fields.add(FormField.result(a.get(0), null, a.subList(1, a.size())));
        }
        XmlElement x = new DataForm(DataForm.Type.SUBMIT, null, List.of(), fields).toElement();
        return server.send(from, "<iq type='set' to='example.com' id='s-" + command + "'><command xmlns='" + CMD
                + "' node='" + ADMIN + command + "' sessionid='" + first.payload().attribute("sessionid") + "'>"
                + x.toXml() + "</command></iq>");
    }

    private Iq execute(RecordingSession from, String command) throws Exception {
        return server.send(from, "<iq type='set' to='example.com' id='e-" + command + "'><command xmlns='" + CMD
                + "' node='" + ADMIN + command + "' action='execute'/></iq>");
    }

    private static String status(Iq reply) {
        assertThat(reply.type()).as(reply.element().toXml()).isEqualTo(IqType.RESULT);
        return reply.payload().attribute("status");
    }

    private static DataForm form(Iq reply) {
        return DataForm.parse(reply.payload().element(DataForm.NS, "x"));
    }

    @Test
    void onlyAdminsSeeAndRunTheCommands() throws Exception {
        String items = "<iq type='get' to='example.com' id='i'><query xmlns='http://jabber.org/protocol/disco#items'"
                + " node='" + CMD + "'/></iq>";

        List<String> forRoot = server.send(root, items).payload().elements().stream().map(e -> e.attribute("node"))
                .toList();
        Iq refused = execute(alice, "add-user");

        assertThat(forRoot).containsExactlyInAnyOrder(ADMIN + "add-user", ADMIN + "delete-user",
                ADMIN + "change-user-password", ADMIN + "end-user-session", ADMIN + "get-registered-users-num",
                ADMIN + "get-online-users-num", ADMIN + "get-online-users-list", ADMIN + "announce",
                ADMIN + "get-registered-users-list", ADMIN + "set-motd", ADMIN + "edit-motd", ADMIN + "delete-motd");
        assertThat(server.send(alice, items).payload().elements()).isEmpty();
        assertThat(error(refused).condition()).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void addUserOffersTheFormOfTheXep() throws Exception {
        DataForm form = form(execute(root, "add-user"));

        assertThat(form.type()).isEqualTo(DataForm.Type.FORM);
        assertThat(form.formType()).isEqualTo(AdminModule.FORM_TYPE);
        assertThat(form.field("accountjid").type()).isEqualTo(FormField.JID_SINGLE);
        assertThat(form.field("accountjid").required()).isTrue();
        assertThat(form.field("password").type()).isEqualTo(FormField.TEXT_PRIVATE);
        assertThat(form.field("password-verify").type()).isEqualTo(FormField.TEXT_PRIVATE);
    }

    @Test
    void addsAUserOnce() throws Exception {
        List<List<String>> answers = List.of(List.of("accountjid", "juliet@example.com"), List.of("password", "R0m30"),
                List.of("password-verify", "R0m30"));

        Iq added = run(root, "add-user", answers);
        Iq again = run(root, "add-user", answers);

        assertThat(status(added)).isEqualTo("completed");
        assertThat(server.passwordIs("juliet", "R0m30")).isTrue();
        assertThat(error(again).condition()).isEqualTo(Condition.CONFLICT);
        assertThat(again.element().toXml()).doesNotContain("R0m30");
    }

    @Test
    void refusesMismatchedPasswordsAndForeignAccounts() throws Exception {
        Iq mismatch = run(root, "add-user", List.of(List.of("accountjid", "juliet@example.com"),
                List.of("password", "a"), List.of("password-verify", "b")));
        Iq foreign = run(root, "add-user", List.of(List.of("accountjid", "juliet@elsewhere.net"),
                List.of("password", "a")));
        Iq malformed = run(root, "add-user", List.of(List.of("accountjid", "@@"), List.of("password", "a")));

        assertThat(error(mismatch).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(mismatch.element().toXml()).contains("<bad-payload xmlns='" + CMD + "'/>");
        assertThat(error(foreign).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(error(malformed).condition()).isEqualTo(Condition.JID_MALFORMED);
        assertThat(server.exists("juliet")).isFalse();
    }

    @Test
    void deletesUsersAndEndsTheirSessions() throws Exception {
        server.addUser("bob", "pw");

        Iq done = run(root, "delete-user", List.of(List.of("accountjids", "alice@example.com", "bob@example.com")));
        Iq missing = run(root, "delete-user", List.of(List.of("accountjids", "alice@example.com")));

        assertThat(status(done)).isEqualTo("completed");
        assertThat(server.exists("alice")).isFalse();
        assertThat(server.exists("bob")).isFalse();
        assertThat(alice.closedWith().condition()).isEqualTo(StreamErrorCondition.NOT_AUTHORIZED);
        assertThat(root.closedWith()).isNull();
        assertThat(status(missing)).isEqualTo("completed");
        assertThat(missing.payload().toXml()).contains("<note type='error'>No such account: alice@example.com</note>");
    }

    @Test
    void changesAUsersPassword() throws Exception {
        Iq changed = run(root, "change-user-password", List.of(List.of("accountjid", "alice@example.com"),
                List.of("password", "V3r0n4")));
        Iq unknown = run(root, "change-user-password", List.of(List.of("accountjid", "nobody@example.com"),
                List.of("password", "V3r0n4")));

        assertThat(status(changed)).isEqualTo("completed");
        assertThat(server.passwordIs("alice", "V3r0n4")).isTrue();
        assertThat(error(unknown).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void endsOneSessionOrAll() throws Exception {
        RecordingSession desk = server.connect("alice@example.com/desk");
        RecordingSession laptop = server.connect("alice@example.com/laptop");

        run(root, "end-user-session", List.of(List.of("accountjids", "alice@example.com/desk")));
        assertThat(desk.closedWith().condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
        assertThat(alice.closedWith()).isNull();

        run(root, "end-user-session", List.of(List.of("accountjids", "alice@example.com")));
        assertThat(alice.closedWith()).isNotNull();
        assertThat(laptop.closedWith()).isNotNull();
        assertThat(root.closedWith()).isNull();
    }

    @Test
    void countsAndListsOnlineUsers() throws Exception {
        server.connect("alice@example.com/desk");
        server.addUser("bob", "pw");

        Iq num = execute(root, "get-online-users-num");
        Iq registered = execute(root, "get-registered-users-num");
        Iq all = run(root, "get-online-users-list", List.of(List.of("max_items", "none")));
        Iq one = run(root, "get-online-users-list", List.of(List.of("max_items", "1")));

        assertThat(status(num)).isEqualTo("completed");
        assertThat(form(num).formType()).isEqualTo(AdminModule.FORM_TYPE);
        assertThat(form(num).value("onlineusersnum")).isEqualTo("2");
        assertThat(form(registered).value("registeredusersnum")).isEqualTo("3");
        assertThat(form(all).values("onlineuserjids")).containsExactly("alice@example.com", "root@example.com");
        assertThat(form(one).values("onlineuserjids")).containsExactly("alice@example.com");
    }

    @Test
    void announcesAHeadlineToEveryOnlineUser() throws Exception {
        server.addUser("bob", "pw"); // offline: gets nothing

        Iq done = run(root, "announce", List.of(List.of("subject", "Maintenance"),
                List.of("announcement", "Back in ten minutes.", "Sorry.")));
        Iq empty = run(root, "announce", List.of(List.of("announcement", " ")));

        assertThat(status(done)).isEqualTo("completed");
        assertThat(done.payload().element(CMD, "note").text()).isEqualTo("Sent to 2 session(s)");
        assertThat(alice.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.HEADLINE);
            assertThat(m.from().toString()).isEqualTo("example.com");
            assertThat(m.element().childText(m.element().namespace(), "subject")).isEqualTo("Maintenance");
            assertThat(m.element().childText(m.element().namespace(), "body"))
                    .isEqualTo("Back in ten minutes.\nSorry.");
        });
        assertThat(root.messages()).hasSize(1);
        assertThat(error(empty).condition()).isEqualTo(Condition.BAD_REQUEST);
    }

    @Test
    void needsAdHocBeforeIt() {
        assertThatThrownBy(() -> new ModuleHarness(false, List.of(), AdminModule::new))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin' needs 'adhoc' before it");
    }
}
