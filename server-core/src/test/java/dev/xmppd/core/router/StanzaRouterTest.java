package dev.xmppd.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router's RFC rules: RFC 6120 §8 (IQ, errors, from), RFC 6121 §8.5 (message delivery). */
class StanzaRouterTest {
    private static final QName ECHO = new QName("urn:test:echo", "echo");
    private static final QName BROKEN = new QName("urn:test:broken", "broken");
    private static final QName REFUSE = new QName("urn:test:refuse", "refuse");

    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private final LocalSessionRegistry sessions = new LocalSessionRegistry();
    private final EventBus events = new EventBus();
    private StanzaRouter router;
    private Modules modules;
    private RecordingSession alice;
    private final List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Message> fallback = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Stanza> component = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        router = new StanzaRouter(List.of("example.com"), sessions, storage.accounts(), events);
        for (String user : new String[] {"alice", "bob"}) {
            storage.accounts().create(BareJid.of(user, "example.com"), Passwords.derive("pw", 1))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        ModuleFactory test = new ModuleFactory() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public XmppModule create() {
                return new TestModule();
            }
        };
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("example.com"), d.data(), d.listeners(), d.tls(), d.storage(),
                d.auth(), d.registration(), d.admins(), List.of("test"), d.limits(), d.s2s());
        modules = Modules.start(config, List.of(test), router, events, storage);
        alice = add(new RecordingSession("alice@example.com/phone").available(0));
    }

    @AfterEach
    void tearDown() {
        modules.close();
    }

    private RecordingSession add(RecordingSession s) {
        sessions.add(s);
        return s;
    }

    private static Stanza stanza(String xml) {
        return Stanza.parse(TestXml.parse(xml));
    }

    private void send(RecordingSession from, String xml) throws Exception {
        router.routeFromClient(from, stanza(xml)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Condition errorOf(Stanza s) {
        return StanzaError.fromElement(s.element().element("jabber:client", "error")).condition();
    }

    @Test
    void stampsFromOnClientStanzas() throws Exception {
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk").available(0));

        send(alice, "<message to='bob@example.com/desk' from='mallory@example.com/x'><body>hi</body></message>");

        assertThat(bob.received()).singleElement().satisfies(s ->
                assertThat(s.from()).hasToString("alice@example.com/phone"));
    }

    @Test
    void bareJidGoesToTheHighestNonNegativePriority() throws Exception {
        RecordingSession high = add(new RecordingSession("bob@example.com/a").available(5));
        RecordingSession low = add(new RecordingSession("bob@example.com/b").available(1));
        RecordingSession negative = add(new RecordingSession("bob@example.com/c").available(-1));

        send(alice, "<message to='bob@example.com' type='chat'><body>hi</body></message>");

        assertThat(high.received()).hasSize(1);
        assertThat(low.received()).isEmpty();
        assertThat(negative.received()).isEmpty();
    }

    @Test
    void headlineToBareJidGoesToEveryNonNegativeResource() throws Exception {
        RecordingSession a = add(new RecordingSession("bob@example.com/a").available(5));
        RecordingSession b = add(new RecordingSession("bob@example.com/b").available(0));
        RecordingSession c = add(new RecordingSession("bob@example.com/c").available(-5));

        send(alice, "<message to='bob@example.com' type='headline'><body>news</body></message>");

        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
        assertThat(c.received()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "<message to='nobody@example.com'><body>x</body></message>, service-unavailable",
        "<message to='bob@example.com'><body>x</body></message>, service-unavailable",
        "<message to='bob@example.com' type='groupchat'><body>x</body></message>, service-unavailable",
        "<message to='bob@example.com/gone' type='groupchat'><body>x</body></message>, service-unavailable",
        "<iq to='nobody@example.com' type='get' id='1'><echo xmlns='urn:test:echo'/></iq>, service-unavailable",
        "<iq to='bob@example.com/gone' type='get' id='1'><echo xmlns='urn:test:echo'/></iq>, service-unavailable",
        "<iq to='example.com' type='get' id='1'><unknown xmlns='urn:test:unknown'/></iq>, service-unavailable",
        "<iq to='example.com' type='set' id='1'><echo xmlns='urn:test:echo'/></iq>, service-unavailable",
        "<iq to='example.com' type='get' id='1'/>, bad-request",
        "<iq to='example.com' type='get' id='1'><broken xmlns='urn:test:broken'/></iq>, internal-server-error",
        "<iq to='example.com' type='get' id='1'><refuse xmlns='urn:test:refuse'/></iq>, forbidden",
        "<message to='someone@elsewhere.example'><body>x</body></message>, remote-server-not-found",
    })
    void answersWithTheRightError(String xml, String condition) throws Exception {
        send(alice, xml);

        assertThat(alice.received()).singleElement().satisfies(s -> {
            assertThat(s.isError()).isTrue();
            assertThat(errorOf(s).elementName()).isEqualTo(condition);
            assertThat(s.to()).hasToString("alice@example.com/phone");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "<message to='nobody@example.com' type='error'><body>x</body></message>",
        "<message to='bob@example.com' type='headline'><body>x</body></message>",
        "<message to='bob@example.com/gone' type='headline'><body>x</body></message>",
        "<iq to='example.com' type='result' id='1'/>",
        "<iq to='example.com' type='error' id='1'/>",
        "<iq to='nobody@example.com/x' type='result' id='1'/>",
        "<presence to='nobody@example.com'/>",
    })
    void neverAnswersErrorsResultsOrIgnoredStanzas(String xml) throws Exception {
        send(alice, xml);

        assertThat(alice.received()).isEmpty();
    }

    @Test
    void answersEachIqExactlyOnce() throws Exception {
        send(alice, "<iq to='example.com' type='get' id='q1'><echo xmlns='urn:test:echo'>x</echo></iq>");
        send(alice, "<iq type='get' id='q2'><echo xmlns='urn:test:echo'/></iq>");

        assertThat(alice.received()).hasSize(2);
        Iq first = (Iq) alice.received().get(0);
        assertThat(first.type()).isEqualTo(IqType.RESULT);
        assertThat(first.id()).isEqualTo("q1");
        assertThat(first.from()).hasToString("example.com");
        assertThat(first.payload().text()).isEqualTo("x");
        Iq second = (Iq) alice.received().get(1);
        assertThat(second.id()).isEqualTo("q2");
        assertThat(second.from()).isNull(); // RFC 6120 §10.3.3: answered for the account, no 'from'
    }

    @Test
    void asyncHandlerRepliesWhenDone() throws Exception {
        send(alice, "<iq to='bob@example.com' type='get' id='a1'><echo xmlns='urn:test:echo'/></iq>");

        assertThat(alice.received()).singleElement().satisfies(s -> {
            assertThat(((Iq) s).type()).isEqualTo(IqType.RESULT);
            assertThat(s.from()).hasToString("bob@example.com");
        });
    }

    @Test
    void recordsTheSessionsOwnPresence() throws Exception {
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk"));
        assertThat(bob.isAvailable()).isFalse();

        send(bob, "<presence><priority>7</priority></presence>");
        assertThat(bob.isAvailable()).isTrue();
        assertThat(bob.priority()).isEqualTo(7);

        send(bob, "<presence type='unavailable'/>");
        assertThat(bob.isAvailable()).isFalse();
    }

    @Test
    void localMessageHookRewritesAndDeliveredListenerSeesTheResult() throws Exception {
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk").available(0));

        send(alice, "<message to='bob@example.com' type='chat'><body>tag me</body></message>");

        assertThat(bob.received()).singleElement().satisfies(s ->
                assertThat(s.element().element("urn:test:tag", "tag")).isNotNull());
        assertThat(delivered).singleElement().isEqualTo("bob@example.com/desk");
    }

    @Test
    void localMessageHookSeesMessagesForOfflineAccountsBeforeFallback() throws Exception {
        send(alice, "<message to='bob@example.com' type='chat'><body>later</body></message>");

        // The FALLBACK handler of the test module took it (as offline storage would): no error to alice
        assertThat(fallback).singleElement().satisfies(m ->
                assertThat(m.element().element("urn:test:tag", "tag")).isNotNull());
        assertThat(alice.received()).isEmpty();
    }

    @Test
    void redeliveryGoesToAnotherResourceWithoutRunningTheModulesAgain() throws Exception {
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk").available(0));
        Message unacked = (Message) stanza("<message xmlns='jabber:client' from='alice@example.com/phone'"
                + " to='bob@example.com/gone' type='chat'><body>again</body></message>");

        router.redeliver(unacked).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // Delivered as it was: no local-message rewriter (the tag) and no delivered listener ran a second time
        assertThat(bob.received()).singleElement().satisfies(s -> {
            assertThat(s.element().element("urn:test:tag", "tag")).isNull();
            assertThat(((Message) s).body()).isEqualTo("again");
        });
        assertThat(delivered).isEmpty();
    }

    @Test
    void redeliveryOfAMessageWithoutToGoesToTheSendersOtherResource() throws Exception {
        RecordingSession desk = add(new RecordingSession("alice@example.com/desk").available(0));
        Message unacked = (Message) stanza("<message xmlns='jabber:client' from='alice@example.com/gone'"
                + " type='chat'><body>note to self</body></message>");

        router.redeliver(unacked).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // alice's available resources (phone, desk: the same priority) got it
        assertThat(java.util.stream.Stream.of(alice, desk).flatMap(s -> s.messages().stream()))
                .filteredOn(m -> !m.isError()).extracting(Message::body).contains("note to self");
    }

    @Test
    void redeliveryWithNoResourceLeftGoesToTheFallbackHandlers() throws Exception {
        Message unacked = (Message) stanza("<message xmlns='jabber:client' from='alice@example.com/phone'"
                + " to='bob@example.com/gone' type='chat'><body>later</body></message>");

        router.redeliver(unacked).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(fallback).singleElement().satisfies(m ->
                assertThat(m.element().element("urn:test:tag", "tag")).isNull());
        assertThat(alice.received()).isEmpty();
    }

    @Test
    void presenceRewriterOnTheSenderSideRunsBeforeRouting() throws Exception {
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk").available(0));

        send(alice, "<presence to='bob@example.com' type='subscribe'/>");

        // The test module stamps a bare 'from' on subscriptions (as RFC 6121 §3.1.2 asks)
        assertThat(bob.received()).singleElement()
                .satisfies(s -> assertThat(s.from()).hasToString("alice@example.com"));
    }

    @Test
    void iqFilterCanBlock() throws Exception {
        add(new RecordingSession("bob@example.com/desk").available(0));

        send(alice, "<iq to='bob@example.com/desk' type='get' id='x'><blocked xmlns='urn:test:blocked'/></iq>");

        assertThat(alice.received()).singleElement().satisfies(s ->
                assertThat(errorOf(s)).isEqualTo(Condition.NOT_ACCEPTABLE));
    }

    @Test
    void ownPresenceChangesArePublished() throws Exception {
        List<Events.PresenceChanged> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        events.subscribe(Events.PresenceChanged.class, seen::add);
        RecordingSession bob = add(new RecordingSession("bob@example.com/desk"));

        send(bob, "<presence/>");
        send(bob, "<presence><show>away</show></presence>");
        send(bob, "<presence type='unavailable'/>");

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).previous()).isNull();
        assertThat(seen.get(2).current()).isNull();
    }

    @Test
    void unauthenticatedIqsGoOnlyToUnauthenticatedHandlers() throws Exception {
        Iq ask = (Iq) stanza("<iq type='get' id='r1'><query xmlns='jabber:iq:register'/></iq>");
        Iq other = (Iq) stanza("<iq type='get' id='r2'><echo xmlns='urn:test:echo'/></iq>");

        Iq answer = router.handleUnauthenticated("example.com", ask, "127.0.0.1").toCompletableFuture().get(5, TimeUnit.SECONDS);
        Iq refused = router.handleUnauthenticated("example.com", other, "127.0.0.1").toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(answer.type()).isEqualTo(IqType.RESULT);
        assertThat(errorOf(refused)).isEqualTo(Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void componentsGetEveryStanzaForTheirDomain() throws Exception {
        send(alice, "<message to='room@conference.example.com' type='groupchat'><body>hi</body></message>");
        send(alice, "<presence to='room@conference.example.com/alice'/>");
        send(alice, "<iq to='conference.example.com' type='get' id='c1'><query xmlns='urn:test:q'/></iq>");

        assertThat(component).extracting(st -> st.element().name()).containsExactly("message", "presence", "iq");
        assertThat(component).allSatisfy(st -> assertThat(st.from()).hasToString("alice@example.com/phone"));
        assertThat(router.discoInfo("example.com").items()).extracting(DiscoInfo.Item::jid)
                .containsExactly("conference.example.com");
        assertThat(alice.received()).isEmpty(); // not bounced as a remote domain
    }

    @Test
    void aDomainServedOutsideTheModulesGetsItsStanzasAndADiscoItemUntilRemoved() throws Exception {
        List<Stanza> gateway = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable remove = router.serveDomain("gateway.example.com", "IRC", stanza -> {
            if (stanza instanceof Iq) {
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
            }
            gateway.add(stanza);
        });

        send(alice, "<message to='#room%irc.example@gateway.example.com'><body>hi</body></message>");
        send(alice, "<iq to='gateway.example.com' type='get' id='g1'><query xmlns='urn:test:q'/></iq>");

        assertThat(gateway).singleElement()
                .satisfies(st -> assertThat(st.from()).hasToString("alice@example.com/phone"));
        assertThat(alice.received()).singleElement().satisfies(st -> assertThat(errorOf(st))
                .isEqualTo(Condition.SERVICE_UNAVAILABLE));
        assertThat(router.discoInfo("example.com").items()).contains(new DiscoInfo.Item("gateway.example.com", "IRC"));
        assertThat(router.servesDomain("gateway.example.com")).isTrue();

        remove.run();

        assertThat(router.discoInfo("example.com").items()).extracting(DiscoInfo.Item::jid)
                .doesNotContain("gateway.example.com");
        assertThat(router.servesDomain("gateway.example.com")).isFalse();
    }

    @Test
    void aServedDomainThatIsASubdomainOfNoHostIsListedOnEveryHost() {
        router.serveDomain("bot.example.net", null, stanza -> { });

        assertThat(router.discoInfo("example.com").items()).contains(new DiscoInfo.Item("bot.example.net", null));
        assertThatThrownBy(() -> router.serveDomain("example.com", null, stanza -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.serveDomain("bot.example.net", null, stanza -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingServiceIsAStartupError() {
        ModuleFactory needy = factory("needy", ctx -> ctx.require(Runnable.class));
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("example.com"), d.data(), d.listeners(), d.tls(), d.storage(),
                d.auth(), d.registration(), d.admins(), List.of("needy"), d.limits(), d.s2s());
        StanzaRouter other = new StanzaRouter(List.of("example.com"), new LocalSessionRegistry(), storage.accounts(),
                new EventBus());

        assertThatThrownBy(() -> Modules.start(config, List.of(needy), other, new EventBus(), storage))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needy").hasMessageContaining("Runnable");
    }

    private static ModuleFactory factory(String name, java.util.function.Consumer<ModuleContext> configure) {
        return new ModuleFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppModule create() {
                return new XmppModule() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public void configure(ModuleContext ctx) {
                        configure.accept(ctx);
                    }
                };
            }
        };
    }

    /** echo: answers with its payload; broken: throws; refuse: a chosen stanza error. */
    private final class TestModule implements XmppModule {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public void configure(ModuleContext ctx) {
            ctx.iq(IqType.GET, ECHO, RouteScope.SERVER, req -> req.result(req.payload()));
            ctx.iq(IqType.GET, ECHO, RouteScope.ACCOUNT, req -> CompletableFuture.supplyAsync(() -> req.iq().result()));
            ctx.iq(IqType.GET, BROKEN, RouteScope.SERVER, req -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            ctx.iq(IqType.GET, REFUSE, RouteScope.SERVER, req ->
                    CompletableFuture.failedFuture(new StanzaException(Condition.FORBIDDEN)));
            ctx.component("conference.example.com", "Chatrooms", component::add);
            ctx.iq(IqType.GET, new QName("jabber:iq:register", "query"), RouteScope.UNAUTHENTICATED,
                    IqRequest::result);
            ctx.onLocalMessage(m -> new Message(m.element().withChild(XmlElement.empty("urn:test:tag", "tag")),
                    m.to(), m.from(), m.type()));
            ctx.onMessageDelivered((m, sessions) -> sessions.forEach(s -> delivered.add(s.jid().toString())));
            ctx.onMessage(Phase.FALLBACK, m -> {
                if (!"later".equals(m.body())) {
                    return Verdict.CONTINUE;
                }
                fallback.add(m);
                return Verdict.HANDLED;
            });
            ctx.rewritePresence(Phase.PRE_ROUTE, p -> p.type() == PresenceType.SUBSCRIBE
                    ? p.withAddresses(p.from().bare(), p.to()) : p);
            ctx.onIq(Phase.FILTER, iq -> {
                if (iq.payload() != null && iq.payload().is("urn:test:blocked", "blocked")) {
                    throw new StanzaException(Condition.NOT_ACCEPTABLE);
                }
                return Verdict.CONTINUE;
            });
        }
    }
}
