package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.BoshConfig;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.WebSocketConfig;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0124/XEP-0206 end to end: a BOSH client over https logs in and chats with a Smack user on TCP; Smack's own
 * BOSH connection logs in on the plain listener behind a declared TLS proxy; held requests, {@code wait}, repeated
 * rids, terminate with a payload, inactivity, and the errors for unknown sessions and hosts.
 */
class BoshIT {
    private static final int HTTPS_PORT = freePort();
    private static final int HTTP_PORT = freePort();
    private static final URI HTTPS = URI.create("https://localhost:" + HTTPS_PORT + "/http-bind");

    @RegisterExtension
    static final TestServer server = new TestServer(BoshIT::withHttp);

    static XMPPTCPConnection bob;
    static final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
    static final BlockingQueue<Presence> presenceAtBob = new LinkedBlockingQueue<>();
    static HttpClient http;

    static XmppdConfig withHttp(XmppdConfig c) {
        ListenerConfig https = new ListenerConfig(true, "127.0.0.1", HTTPS_PORT, StartTlsPolicy.REQUIRED);
        ListenerConfig plain = new ListenerConfig(true, "127.0.0.1", HTTP_PORT, StartTlsPolicy.REQUIRED);
        return c.withListeners(c.listeners().withHttp(plain, https))
                .withWebSocket(new WebSocketConfig(true, null, true))
                .withBosh(new BoshConfig(true, null, Duration.ofSeconds(60), Duration.ofSeconds(3)));
    }

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        server.addUser("carol", "carol-pw");
        bob = server.login("bob", "bob-pw");
        bob.addAsyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addAsyncStanzaListener(s -> presenceAtBob.add((Presence) s), StanzaTypeFilter.PRESENCE);
        http = HttpClient.newBuilder().sslContext(server.sslContext()).build();
    }

    @AfterAll
    static void logout() {
        bob.disconnect();
    }

    @Test
    void aBoshClientLogsInOverHttpsAndChatsWithATcpClient() throws Exception {
        BoshTestClient alice = new BoshTestClient(http, HTTPS);

        // Execute system under test
        String created = alice.create("localhost", 20, 1);
        String bound = alice.login("alice", "alice-pw", "web");
        CompletableFuture<String> sent = alice.sendAsync("<message xmlns='jabber:client' to='bob@localhost' "
                + "type='chat' id='m1'><body>Hello over BOSH, Grüße 😀</body></message>");
        Message atBob = toBob.poll(10, TimeUnit.SECONDS);
        CompletableFuture<String> held = alice.sendAsync("");
        String sentAnswer = sent.get(10, TimeUnit.SECONDS); // answered empty: the next request is held instead
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                .ofType(Message.Type.chat).setBody("Hello, web & co").build());
        String atAlice = held.get(10, TimeUnit.SECONDS);
        String terminated = alice.terminate("");

        // Verify results
        assertThat(created).startsWith("<body xmlns='http://jabber.org/protocol/httpbind'")
                .contains(" sid='", " wait='20'", " hold='1'", " requests='2'", " ver='1.11'", " from='localhost'",
                        " secure='true'", " authid='", "xmpp:version='1.0'", "<stream:features",
                        "<mechanism>SCRAM-SHA-256</mechanism>");
        assertThat(bound).contains("<jid>alice@localhost/web</jid>");
        assertThat(sentAnswer).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams'/>");
        assertThat(atBob.getFrom().toString()).isEqualTo("alice@localhost/web");
        assertThat(atBob.getBody()).isEqualTo("Hello over BOSH, Grüße 😀");
        assertThat(atAlice).contains("<message xmlns='jabber:client'").contains("from='bob@localhost/")
                .contains("<body>Hello, web &amp; co</body>");
        assertThat(terminated).contains("type='terminate'").doesNotContain("condition=");
    }

    @Test
    void smackLogsInOverBoshBehindATlsProxyAndChats() throws Exception {
        BOSHConfiguration config = BOSHConfiguration.builder().setXmppDomain("localhost").setHost("localhost")
                .setPort(HTTP_PORT).setFile("/http-bind").setUsernameAndPassword("carol", "carol-pw")
                .setResource("smack-bosh").setSecurityMode(SecurityMode.disabled).build();
        XMPPBOSHConnection carol = new XMPPBOSHConnection(config);
        BlockingQueue<Message> toCarol = new LinkedBlockingQueue<>();
        carol.addAsyncStanzaListener(s -> toCarol.add((Message) s), StanzaTypeFilter.MESSAGE);
        try {
            // Execute system under test
            carol.connect().login();
            carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to("bob@localhost")
                    .ofType(Message.Type.chat).setBody("Smack over BOSH").build());
            Message atBob = toBob.poll(10, TimeUnit.SECONDS);
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(carol.getUser())
                    .ofType(Message.Type.chat).setBody("received").build());
            Message atCarol = toCarol.poll(10, TimeUnit.SECONDS);

            // Verify results
            assertThat(carol.isAuthenticated()).isTrue();
            assertThat(carol.getUser().toString()).isEqualTo("carol@localhost/smack-bosh");
            assertThat(atBob.getFrom().toString()).isEqualTo("carol@localhost/smack-bosh");
            assertThat(atBob.getBody()).isEqualTo("Smack over BOSH");
            assertThat(atCarol.getBody()).isEqualTo("received");
        } finally {
            carol.disconnect();
        }
    }

    @Test
    void aHeldRequestIsAnsweredEmptyAfterWaitAndARepeatedRidGetsTheSameAnswer() throws Exception {
        BoshTestClient dave = newAccountLoggedIn("dave", 1);

        // Execute system under test
        long start = System.nanoTime();
        long rid = dave.nextRid();
        String empty = dave.send("");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String ping = dave.send("<iq xmlns='jabber:client' type='get' id='p1' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        String again = dave.resend(rid + 1, "<iq xmlns='jabber:client' type='get' id='p1' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");

        // Verify results
        assertThat(empty).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams'/>");
        assertThat(waitedMillis).isBetween(800L, 5000L);
        assertThat(ping).contains("<iq xmlns='jabber:client'").contains("type='result'").contains("id='p1'");
        assertThat(again).isEqualTo(ping);
        dave.terminate("");
    }

    @Test
    void aTerminateCarriesItsPayloadAndEndsTheSession() throws Exception {
        BoshTestClient erin = newAccountLoggedIn("erin", 20);
        erin.sendAsync("<message xmlns='jabber:client' to='bob@localhost' type='chat'><body>bye soon</body></message>");
        toBob.poll(10, TimeUnit.SECONDS);

        // Execute system under test
        String terminated = erin.terminate("<message xmlns='jabber:client' to='bob@localhost' type='chat'>"
                + "<body>last words</body></message>");
        Message last = toBob.poll(10, TimeUnit.SECONDS);
        String after = erin.send("");

        // Verify results
        assertThat(terminated).contains("type='terminate'");
        assertThat(last.getBody()).isEqualTo("last words");
        assertThat(after).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' type='terminate' "
                + "condition='item-not-found'/>");
    }

    @Test
    void requestsAreHandledInRidOrderAndOneBeyondTheWindowEndsTheSession() throws Exception {
        BoshTestClient gina = newAccountLoggedIn("gina", 20);
        long rid = gina.nextRid();

        // Execute system under test: rid + 1 arrives before rid
        // (a collector, not the async listener: Smack runs those on a pool, in no particular order)
        Message one;
        Message two;
        CompletableFuture<String> first;
        CompletableFuture<String> second;
        try (StanzaCollector fromGina = bob.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                FromMatchesFilter.createBare(JidCreate.bareFrom("gina@localhost"))))) {
            second = gina.postAsync(gina.body(rid + 1, "<message xmlns='jabber:client' "
                    + "to='bob@localhost' type='chat'><body>second</body></message>"));
            Thread.sleep(300);
            first = gina.postAsync(gina.body(rid, "<message xmlns='jabber:client' "
                    + "to='bob@localhost' type='chat'><body>first</body></message>"));
            one = fromGina.nextResult(10_000);
            two = fromGina.nextResult(10_000);
        }
        String beyond = gina.post(gina.body(rid + 10, ""));

        // Verify results
        assertThat(one.getBody()).isEqualTo("first");
        assertThat(two.getBody()).isEqualTo("second");
        assertThat(beyond).contains("type='terminate'").contains("condition='item-not-found'");
        // hold='1': the second, held once both were handled, answered the first; the session's end answers it
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' "
                + "xmlns:stream='http://etherx.jabber.org/streams'/>");
        assertThat(second.get(10, TimeUnit.SECONDS)).contains("type='terminate'");
    }

    @Test
    void aSessionWithoutRequestsEndsAfterItsInactivity() throws Exception {
        BoshTestClient frank = newAccountLoggedIn("frank", 1);
        frank.send("<presence xmlns='jabber:client'/>");

        // Execute system under test: no request for longer than the 3 s of inactivity
        Thread.sleep(5_000);
        String after = frank.send("");

        // Verify results
        assertThat(after).contains("type='terminate'").contains("condition='item-not-found'");
    }

    @Test
    void unknownSessionsAndHostsAndBadBodiesAreTerminateConditions() throws Exception {
        BoshTestClient mallory = new BoshTestClient(http, HTTPS);

        String unknownHost = mallory.create("example.org", 20, 1);
        String unknownSid = mallory.post("<body xmlns='" + BoshTestClient.NS + "' rid='5' sid='nope'/>");
        String notXml = mallory.post("<body xmlns='" + BoshTestClient.NS + "' rid='5'");
        String noRid = mallory.post("<body xmlns='" + BoshTestClient.NS + "' to='localhost'/>");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(HTTPS).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(HTTPS)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unknownHost).contains("type='terminate'").contains("condition='host-unknown'");
        assertThat(unknownSid).contains("type='terminate'").contains("condition='item-not-found'");
        assertThat(notXml).contains("type='terminate'").contains("condition='bad-request'");
        assertThat(noRid).contains("type='terminate'").contains("condition='bad-request'");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type");
    }

    /** A new account, logged in over BOSH as resource {@code tab} with {@code hold='1'}. */
    private static BoshTestClient newAccountLoggedIn(String user, int wait) throws Exception {
        server.addUser(user, user + "-pw");
        BoshTestClient client = new BoshTestClient(http, HTTPS);
        client.create("localhost", wait, 1);
        client.login(user, user + "-pw", "tab");
        return client;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
