package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.RegistrationConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.parts.Localpart;

/** In-band registration (XEP-0077) with Smack's AccountManager over STARTTLS, on H2. */
class RegistrationIT {
    private static final List<String> MODULES = List.of("disco", "ping", "roster", "presence", "register");

    @RegisterExtension
    static final TestServer server = new TestServer(c -> withRegistration(c, true));

    @RegisterExtension
    static final TestServer closed = new TestServer(c -> withRegistration(c, false));

    private static XmppdConfig withRegistration(XmppdConfig c, boolean enabled) {
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(),
                new RegistrationConfig(enabled), c.admins(), MODULES, c.limits(), c.s2s());
    }

    private static boolean exists(TestServer s, String local) throws Exception {
        return s.server().storage().accounts().exists(BareJid.of(local, TestServer.DOMAIN)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects (STARTTLS done) without logging in, and creates the account the configuration names. */
    private static XMPPTCPConnection register(TestServer s, String local, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(s.config(local, password).build());
        c.connect();
        AccountManager.getInstance(c).createAccount(Localpart.from(local), password);
        return c;
    }

    @Test
    void registersLogsInChangesThePasswordAndDeletes() throws Exception {
        // Execute system under test: register, then authenticate on the same stream (XEP-0077 §3.1.1)
        XMPPTCPConnection c = register(server, "bill", "Calliope");
        // XEP-0077 §5: the stream feature announces registration.
        assertThat(AccountManager.getInstance(c).isSupported()).isTrue();
        c.login();
        AccountManager.getInstance(c).changePassword("newpass");
        c.disconnect();

        // Verify results
        assertThatThrownBy(() -> server.login("bill", "Calliope")).isInstanceOf(SASLErrorException.class);
        XMPPTCPConnection again = server.login("bill", "newpass");
        try {
            AccountManager.getInstance(again).deleteAccount();
        } catch (SmackException.NotConnectedException e) {
            // The server sends the result, then the stream error (OwnAccount); Smack may act on the error before it
            // hands the result to the waiting thread.
            assertThat(e).hasMessageContaining("not-authorized");
        }
        // XEP-0077 §3.2: the server then closes the stream.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !again.isConnected());
        assertThat(exists(server, "bill")).isFalse();
        assertThatThrownBy(() -> server.login("bill", "newpass")).isInstanceOf(SASLErrorException.class);
    }

    @Test
    void registersThroughTheDataForm() throws Exception {
        // Setup test fixture: the form as a client that prefers data forms reads it (XEP-0077 §4)
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("zoe", "Urania").build());
        c.connect();
        Registration get = new Registration();
        get.setType(IQ.Type.get);
        get.setTo(c.getXMPPServiceDomain());
        // Before authentication Smack can only match the answer by its id (as its AccountManager does).
        IQ offered = c.createStanzaCollectorAndSend(new StanzaIdFilter(get.getStanzaId()), get).nextResultOrThrow();
        DataForm form = DataForm.from(offered, Registration.NAMESPACE);

        // Execute system under test: fill it in and submit it, without the legacy fields
        FillableForm answers = new FillableForm(form);
        answers.setAnswer("username", "zoe");
        answers.setAnswer("password", "Urania");
        Registration set = new Registration();
        set.setType(IQ.Type.set);
        set.setTo(c.getXMPPServiceDomain());
        set.addExtension(answers.getDataFormToSubmit());
        c.createStanzaCollectorAndSend(new StanzaIdFilter(set.getStanzaId()), set).nextResultOrThrow();
        c.login();

        // Verify results: the account exists and its password is the one submitted
        assertThat(form.getField("password").getType()).isEqualTo(FormField.Type.text_private);
        assertThat(c.isAuthenticated()).isTrue();
        assertThat(exists(server, "zoe")).isTrue();
        c.disconnect();
    }

    @Test
    void removingAnAccountCancelsItsSubscriptions() throws Exception {
        // Setup test fixture: jill and jack see each other's presence (subscription both)
        server.addUser("jill", "jill-pw");
        server.addUser("jack", "jack-pw");
        XMPPTCPConnection jill = server.login("jill", "jill-pw");
        XMPPTCPConnection jack = server.login("jack", "jack-pw");
        TestServer.subscribeBothWays(jill, jack);
        Roster jackRoster = Roster.getInstanceFor(jack);
        org.jxmpp.jid.BareJid jillJid = jill.getUser().asBareJid();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jackRoster.getPresence(jillJid).isAvailable());

        // Execute system under test: jill removes her account in-band (XEP-0077 §3.2)
        try {
            AccountManager.getInstance(jill).deleteAccount();
        } catch (SmackException.NotConnectedException e) {
            assertThat(e).hasMessageContaining("not-authorized"); // the stream error may overtake the result
        }

        // Verify results: jack's server cancelled both directions and pushed the change; jill went unavailable
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jackRoster.getEntry(jillJid) != null
                && jackRoster.getEntry(jillJid).getType() == ItemType.none);
        assertThat(jackRoster.getPresence(jillJid).isAvailable()).isFalse();
        assertThat(jackRoster.getEntry(jillJid).isSubscriptionPending()).isFalse();
        jack.disconnect();
    }

    @Test
    void aRegisteredAccountSurvivesARestart() throws Exception {
        register(server, "romeo", "Montague").disconnect();

        server.stop();
        server.start();

        XMPPTCPConnection c = server.login("romeo", "Montague");
        assertThat(c.getUser().asEntityBareJidString()).isEqualTo("romeo@localhost");
        c.disconnect();
    }

    @Test
    void aTakenNameIsAConflict() throws Exception {
        server.addUser("taken", "first");
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("taken", "second").build());
        c.connect();

        try {
            assertThatThrownBy(() -> AccountManager.getInstance(c).createAccount(Localpart.from("taken"), "second"))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(
                            e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        } finally {
            c.disconnect();
        }
        server.login("taken", "first").disconnect();
    }

    @Test
    void nothingIsOfferedWhenRegistrationIsOff() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(closed.config("bill", "Calliope").build());
        c.connect();

        assertThat(AccountManager.getInstance(c).isSupported()).isFalse();
        // RFC 6120 §4.9.3.12: an IQ before authentication that nobody answers ends the stream.
        assertThatThrownBy(() -> AccountManager.getInstance(c).createAccount(Localpart.from("bill"), "Calliope"))
                .isInstanceOf(Exception.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
        assertThat(exists(closed, "bill")).isFalse();
    }
}
