package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.admin.ServiceAdministrationManager;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Admin commands (XEP-0133 over XEP-0050) with Smack's ServiceAdministrationManager and AdHocCommandManager — the
 * way Smack's conformance suite provisions its accounts — on H2.
 */
class AdminCommandsIT {
    private static final String ADMIN = "http://jabber.org/protocol/admin#";

    @RegisterExtension
    static final TestServer server = new TestServer(c -> new XmppdConfig(c.hosts(), c.data(), c.listeners(),
            c.tls(), c.storage(), c.auth(), c.registration(), List.of("admin@localhost"),
            List.of("disco", "ping", "roster", "presence", "adhoc", "admin"), c.limits(), c.s2s()));

    @BeforeAll
    static void setUp() throws Exception {
        server.addUser("admin", "secret");
        server.addUser("alice", "pw");
    }

    private static boolean exists(String local) throws Exception {
        return server.server().storage().accounts().exists(BareJid.of(local, TestServer.DOMAIN))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAdminAddsAndDeletesUsers() throws Exception {
        XMPPTCPConnection admin = server.login("admin", "secret");
        ServiceAdministrationManager manager = ServiceAdministrationManager.getInstanceFor(admin);

        // Execute system under test
        manager.addUser(JidCreate.entityBareFrom("newbie@localhost"), "Newbie-pw");
        XMPPTCPConnection newbie = server.login("newbie", "Newbie-pw");
        manager.deleteUser(JidCreate.entityBareFrom("newbie@localhost"));

        // Verify results: XEP-0133 §4.2, the deleted user's session ends too
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !newbie.isConnected());
            assertThat(exists("newbie")).isFalse();
            assertThatThrownBy(() -> server.login("newbie", "Newbie-pw")).isInstanceOf(SASLErrorException.class);
        } finally {
            admin.disconnect();
        }
    }

    @Test
    void anAddedUserSurvivesARestart() throws Exception {
        XMPPTCPConnection admin = server.login("admin", "secret");
        ServiceAdministrationManager.getInstanceFor(admin).addUser(JidCreate.entityBareFrom("kept@localhost"), "k");
        admin.disconnect();

        server.stop();
        server.start();

        server.login("kept", "k").disconnect();
    }

    @Test
    void othersAreForbidden() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "pw");
        try {
            DiscoverItems commands = AdHocCommandManager.getInstance(alice).discoverCommands(alice
                    .getXMPPServiceDomain());

            assertThat(commands.getItems()).isEmpty();
            assertThatThrownBy(() -> ServiceAdministrationManager.getInstanceFor(alice)
                    .addUser(JidCreate.entityBareFrom("mallory@localhost"), "x"))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(
                            e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
            assertThat(exists("mallory")).isFalse();
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void anAdminCountsOnlineUsers() throws Exception {
        XMPPTCPConnection admin = server.login("admin", "secret");
        XMPPTCPConnection alice = server.login("alice", "pw");
        try {
            DiscoverItems commands = AdHocCommandManager.getInstance(admin).discoverCommands(admin
                    .getXMPPServiceDomain());
            AdHocCommandResult result = AdHocCommandManager.getInstance(admin)
                    .getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "get-online-users-num").execute();

            assertThat(commands.getItems()).extracting(DiscoverItems.Item::getNode)
                    .contains(ADMIN + "add-user", ADMIN + "delete-user", ADMIN + "get-online-users-num");
            assertThat(result.isCompleted()).isTrue();
            long online = server.server().router().sessions().all().stream().map(Session::jid)
                    .map(j -> j.bare()).distinct().count();
            assertThat(online).isGreaterThanOrEqualTo(2);
            assertThat(result.getResponse().getForm().getField("onlineusersnum").getFirstValue())
                    .isEqualTo(Long.toString(online));
        } finally {
            alice.disconnect();
            admin.disconnect();
        }
    }

    @Test
    void anAdminListsAccountsAndReadsARosterAndTheStatisticsOfAUser() throws Exception {
        XMPPTCPConnection admin = server.login("admin", "secret");
        XMPPTCPConnection alice = server.login("alice", "pw");
        try {
            Roster.getInstanceFor(alice).createItem(JidCreate.entityBareFrom("romeo@example.net"), "Romeo",
                    new String[] {"Friends"});
            AdHocCommandManager commands = AdHocCommandManager.getInstance(admin);

            // Execute system under test
            AdHocCommand list = commands.getRemoteCommand(admin.getXMPPServiceDomain(),
                    ADMIN + "get-registered-users-list");
            FillableForm listForm = list.execute().asExecutingOrThrow().getFillableForm();
            listForm.setAnswer("max_items", "none");
            AdHocCommandResult users = list.execute(listForm);
            AdHocCommand roster = commands.getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "get-user-roster");
            FillableForm rosterForm = roster.execute().asExecutingOrThrow().getFillableForm();
            rosterForm.setAnswer("accountjids", List.of(JidCreate.entityBareFrom("alice@localhost")));
            AdHocCommandResult rosterResult = roster.execute(rosterForm);
            AdHocCommand stats = commands.getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "user-stats");
            FillableForm statsForm = stats.execute().asExecutingOrThrow().getFillableForm();
            statsForm.setAnswer("accountjid", JidCreate.entityBareFrom("alice@localhost"));
            AdHocCommandResult statsResult = stats.execute(statsForm);
            AdHocCommand missing = commands.getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "get-user-roster");
            FillableForm missingForm = missing.execute().asExecutingOrThrow().getFillableForm();
            missingForm.setAnswer("accountjids", List.of(JidCreate.entityBareFrom("nobody@localhost")));

            // Verify results
            assertThat(users.getResponse().getForm().getField("registereduserjids").getValues())
                    .extracting(CharSequence::toString).contains("admin@localhost", "alice@localhost");
            assertThat(rosterResult.getResponse().toXML().toString())
                    .contains("<query xmlns='jabber:iq:roster'>")
                    .contains("jid='romeo@example.net'").contains("name='Romeo'")
                    .contains("<group>Friends</group>");
            assertThat(statsResult.getResponse().getForm().getField("rostersize").getFirstValue()).isEqualTo("1");
            assertThat(statsResult.getResponse().getForm().getField("onlineresources").getValues())
                    .extracting(CharSequence::toString).contains(alice.getUser().getResourceOrThrow().toString());
            assertThat(statsResult.getResponse().getForm().getField("ipaddresses").getValues())
                    .extracting(CharSequence::toString).containsExactly("127.0.0.1");
            assertThatThrownBy(() -> missing.execute(missingForm)).isInstanceOfSatisfying(XMPPErrorException.class,
                    e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
        } finally {
            alice.disconnect();
            admin.disconnect();
        }
    }

    @Test
    void aDisabledUserIsDisconnectedAndRefusedEvenAfterARestartUntilReEnabled() throws Exception {
        server.addUser("dora", "dora-pw");
        XMPPTCPConnection admin = server.login("admin", "secret");
        XMPPTCPConnection dora = server.login("dora", "dora-pw");

        // Execute system under test
        run(admin, "disable-user", "accountjids", "dora@localhost");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !dora.isConnected());
        Throwable refused = catchThrowable(() -> server.login("dora", "dora-pw"));
        admin.disconnect();
        server.stop();
        server.start();
        XMPPTCPConnection admin2 = server.login("admin", "secret");
        Throwable refusedAfterRestart = catchThrowable(() -> server.login("dora", "dora-pw"));
        AdHocCommandResult count = AdHocCommandManager.getInstance(admin2)
                .getRemoteCommand(admin2.getXMPPServiceDomain(), ADMIN + "get-disabled-users-num").execute();
        AdHocCommandResult list = run(admin2, "get-disabled-users-list", "max_items", "none");
        run(admin2, "reenable-user", "accountjids", "dora@localhost");
        XMPPTCPConnection back = server.login("dora", "dora-pw");

        // Verify results: RFC 6120 §6.5.1 account-disabled, after the password was proved
        try {
            for (Throwable t : List.of(refused, refusedAfterRestart)) {
                assertThat(t).isInstanceOfSatisfying(SASLErrorException.class, e -> assertThat(
                        e.getSASLFailure().getSASLErrorString()).isEqualTo("account-disabled"));
            }
            assertThat(count.getResponse().getForm().getField("disabledusersnum").getFirstValue()).isEqualTo("1");
            assertThat(list.getResponse().getForm().getField("disableduserjids").getValues())
                    .extracting(CharSequence::toString).containsExactly("dora@localhost");
            assertThat(back.isAuthenticated()).isTrue();
        } finally {
            back.disconnect();
            admin2.disconnect();
        }
    }

    @Test
    void theMessageOfTheDayReachesEachAccountOnceOnlineOrAtItsNextLoginUntilDeleted() throws Exception {
        server.addUser("motd1", "pw1");
        server.addUser("motd2", "pw2");
        XMPPTCPConnection admin = server.login("admin", "secret");
        XMPPTCPConnection online = server.login("motd1", "pw1");
        StanzaCollector atOnline = online.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                MessageTypeFilter.HEADLINE));

        // Execute system under test
        run(admin, "set-motd", "motd", "Upgrade tonight at 22:00.");
        Message now = atOnline.nextResult(10_000);
        Message later = headlineAtLogin("motd2", "pw2");
        Message again = headlineAtLogin("motd2", "pw2");
        AdHocCommand edit = AdHocCommandManager.getInstance(admin).getRemoteCommand(admin.getXMPPServiceDomain(),
                ADMIN + "edit-motd");
        String shown = edit.execute().asExecutingOrThrow().getFillableForm().getField("motd").getFirstValue();
        AdHocCommandManager.getInstance(admin).getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "delete-motd")
                .execute();
        server.addUser("motd3", "pw3");
        Message afterDelete = headlineAtLogin("motd3", "pw3");

        // Verify results
        try {
            assertThat(now).isNotNull();
            assertThat(now.getFrom().toString()).isEqualTo(TestServer.DOMAIN);
            assertThat(now.getBody()).isEqualTo("Upgrade tonight at 22:00.");
            assertThat(later).isNotNull();
            assertThat(later.getSubject()).isEqualTo("Message of the Day");
            assertThat(later.getBody()).isEqualTo("Upgrade tonight at 22:00.");
            assertThat(again).isNull();
            assertThat(shown).isEqualTo("Upgrade tonight at 22:00.");
            assertThat(afterDelete).isNull();
        } finally {
            atOnline.cancel();
            online.disconnect();
            admin.disconnect();
        }
    }

    /** Logs in (with initial presence), and returns the headline that comes within 3 s, if any. */
    private static Message headlineAtLogin(String user, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config(user, password).build());
        try (StanzaCollector headlines = c.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                MessageTypeFilter.HEADLINE))) {
            c.connect().login();
            return headlines.nextResult(3_000);
        } finally {
            c.disconnect();
        }
    }

    /** Runs a command whose form has one field, answered with {@code value}. */
    private static AdHocCommandResult run(XMPPTCPConnection admin, String command, String field, String value)
            throws Exception {
        AdHocCommand c = AdHocCommandManager.getInstance(admin).getRemoteCommand(admin.getXMPPServiceDomain(),
                ADMIN + command);
        FillableForm form = c.execute().asExecutingOrThrow().getFillableForm();
        if (field.equals("accountjids")) {
            form.setAnswer(field, List.of(JidCreate.entityBareFrom(value)));
        } else {
            form.setAnswer(field, value);
        }
        AdHocCommandResult result = c.execute(form);
        assertThat(result.isCompleted()).isTrue();
        return result;
    }

    @Test
    void anAdminAnnouncesToEveryOnlineSession() throws Exception {
        XMPPTCPConnection admin = server.login("admin", "secret");
        XMPPTCPConnection alice = server.login("alice", "pw");
        try (StanzaCollector headlines = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                MessageTypeFilter.HEADLINE))) {
            AdHocCommand announce = AdHocCommandManager.getInstance(admin)
                    .getRemoteCommand(admin.getXMPPServiceDomain(), ADMIN + "announce");
            FillableForm form = announce.execute().asExecutingOrThrow().getFillableForm();
            form.setAnswer("subject", "Maintenance");
            form.setAnswer("announcement", "Back in ten minutes.");

            AdHocCommandResult result = announce.execute(form);
            Message headline = headlines.nextResult(10_000);

            assertThat(result.isCompleted()).isTrue();
            assertThat(headline).isNotNull();
            assertThat(headline.getFrom().toString()).isEqualTo(TestServer.DOMAIN);
            assertThat(headline.getSubject()).isEqualTo("Maintenance");
            assertThat(headline.getBody()).isEqualTo("Back in ten minutes.");
        } finally {
            alice.disconnect();
            admin.disconnect();
        }
    }
}
