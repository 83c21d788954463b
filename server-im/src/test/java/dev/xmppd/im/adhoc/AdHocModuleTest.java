package dev.xmppd.im.adhoc;

import static dev.xmppd.im.adhoc.ModuleHarness.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** XEP-0050 through the real router: discovery, stages, sessions, errors. */
class AdHocModuleTest {
    private static final String NS = AdHocModule.NS;

    private final MutableClock clock = new MutableClock();
    private final ModuleHarness server = new ModuleHarness(false, List.of(),
            () -> new AdHocModule(clock), CommandsModule::new);
    private final RecordingSession alice = server.connect("alice@example.com/phone");
    private final RecordingSession bob = server.connect("bob@example.com/desk");

    /** Registers three test commands through the service, as the admin module does. */
    static final class CommandsModule implements XmppModule {
        @Override
        public String name() {
            return "cmds";
        }

        @Override
        public void configure(ModuleContext ctx) {
            AdHocCommands commands = ctx.require(AdHocCommands.class).get();
            commands.register("single", "Single", jid -> jid.local().equals("alice"), CommandHandler.withForm(
                    () -> DataForm.form("urn:test", "One", null, FormField.of(FormField.TEXT_SINGLE, "x", "X")),
                    req -> {
                        if (req.required("x").equals("bad")) {
                            throw CommandException.badPayload("x: bad");
                        }
                        return CompletableFuture.completedFuture(CommandResponse.completed(Note.info("x=" + req
                                .form().value("x"))));
                    }));
            commands.register("wizard", "Wizard", jid -> true, AdHocModuleTest::wizard);
        }
    }

    /** Stage 1 (next) → stage 2 (prev, complete) → completed. */
    static CompletableFuture<CommandResponse> wizard(CommandRequest req) {
        DataForm one = DataForm.form(null, "Stage 1", null);
        DataForm two = DataForm.form(null, "Stage 2", null);
        CommandResponse r = switch (req.action()) {
            case EXECUTE -> CommandResponse.executing(one, 1, Action.NEXT, Action.NEXT);
            case NEXT -> CommandResponse.executing(two, 2, Action.COMPLETE, Action.PREV, Action.COMPLETE);
            case PREV -> CommandResponse.executing(one, 1, Action.NEXT, Action.NEXT);
            default -> CommandResponse.completed(Note.info("done at stage " + req.stage()));
        };
        return CompletableFuture.completedFuture(r);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq command(RecordingSession from, String id, String attributes, String body) throws Exception {
        return server.send(from, "<iq type='set' to='example.com' id='" + id + "'><command xmlns='" + NS + "' "
                + attributes + ">" + body + "</command></iq>");
    }

    private static XmlElement cmd(Iq reply) {
        assertThat(reply.type()).as(reply.element().toXml()).isEqualTo(IqType.RESULT);
        return reply.payload();
    }

    private static String specific(Iq reply) {
        XmlElement e = reply.element().element(reply.element().namespace(), "error");
        return e.elements().stream().filter(c -> c.namespace().equals(NS)).map(XmlElement::name).findFirst()
                .orElse(null);
    }

    @Test
    void listsOnlyTheCommandsTheRequesterMayRun() throws Exception {
        String items = "<iq type='get' to='example.com' id='i'><query xmlns='http://jabber.org/protocol/disco#items'"
                + " node='" + NS + "'/></iq>";

        XmlElement forAlice = server.send(alice, items).payload();
        XmlElement forBob = server.send(bob, items).payload();

        assertThat(forAlice.attribute("node")).isEqualTo(NS);
        assertThat(forAlice.elements()).extracting(e -> e.attribute("node")).containsExactly("single", "wizard");
        assertThat(forAlice.elements()).allSatisfy(e -> assertThat(e.attribute("jid")).isEqualTo("example.com"));
        assertThat(forBob.elements()).extracting(e -> e.attribute("node")).containsExactly("wizard");
    }

    @Test
    void describesACommandNodeToThoseAllowed() throws Exception {
        String info = "<iq type='get' to='example.com' id='n'><query xmlns='http://jabber.org/protocol/disco#info'"
                + " node='single'/></iq>";

        XmlElement query = server.send(alice, info).payload();
        Iq refused = server.send(bob, info);
        XmlElement server = this.server.send(alice, "<iq type='get' to='example.com' id='s'><query"
                + " xmlns='http://jabber.org/protocol/disco#info'/></iq>").payload();

        assertThat(query.toXml()).contains("<identity category='automation' type='command-node' name='Single'/>")
                .contains("<feature var='" + NS + "'/>").contains("<feature var='jabber:x:data'/>");
        assertThat(error(refused).condition()).isEqualTo(Condition.FORBIDDEN);
        assertThat(server.toXml()).contains("<feature var='" + NS + "'/>");
    }

    @Test
    void runsAOneFormCommand() throws Exception {
        XmlElement first = cmd(command(alice, "1", "node='single' action='execute'", ""));
        String session = first.attribute("sessionid");
        XmlElement done = cmd(command(alice, "2", "node='single' sessionid='" + session + "'",
                "<x xmlns='jabber:x:data' type='submit'><field var='x'><value>42</value></field></x>"));

        assertThat(first.attribute("status")).isEqualTo("executing");
        assertThat(session).isNotBlank();
        assertThat(first.element(NS, "actions").toXml()).isEqualTo("<actions xmlns='" + NS
                + "' execute='complete'><complete/></actions>");
        assertThat(DataForm.parse(first.element(DataForm.NS, "x")).formType()).isEqualTo("urn:test");
        assertThat(done.attribute("status")).isEqualTo("completed");
        assertThat(done.attribute("sessionid")).isEqualTo(session);
        assertThat(done.childText(NS, "note")).isEqualTo("x=42");
        // XEP-0050 §4.3: a completed session is over.
        assertThat(specific(command(alice, "3", "node='single' sessionid='" + session + "'", ""))).isEqualTo(
                "session-expired");
    }

    @Test
    void walksStagesWithNextPrevAndTheDefaultAction() throws Exception {
        String s = cmd(command(bob, "1", "node='wizard'", "")).attribute("sessionid");

        XmlElement two = cmd(command(bob, "2", "node='wizard' action='execute' sessionid='" + s + "'", ""));
        XmlElement back = cmd(command(bob, "3", "node='wizard' action='prev' sessionid='" + s + "'", ""));
        Iq completeAtOne = command(bob, "4", "node='wizard' action='complete' sessionid='" + s + "'", "");
        cmd(command(bob, "5", "node='wizard' action='next' sessionid='" + s + "'", ""));
        XmlElement done = cmd(command(bob, "6", "node='wizard' sessionid='" + s + "'", ""));

        assertThat(DataForm.parse(two.element(DataForm.NS, "x")).title()).isEqualTo("Stage 2");
        assertThat(two.element(NS, "actions").toXml()).contains("execute='complete'><prev/><complete/>");
        assertThat(DataForm.parse(back.element(DataForm.NS, "x")).title()).isEqualTo("Stage 1");
        assertThat(error(completeAtOne).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(specific(completeAtOne)).isEqualTo("bad-action");
        assertThat(done.attribute("status")).isEqualTo("completed");
        assertThat(done.childText(NS, "note")).isEqualTo("done at stage 2");
    }

    @Test
    void cancelEndsTheSession() throws Exception {
        String s = cmd(command(bob, "1", "node='wizard'", "")).attribute("sessionid");

        XmlElement canceled = cmd(command(bob, "2", "node='wizard' action='cancel' sessionid='" + s + "'", ""));
        Iq after = command(bob, "3", "node='wizard' action='next' sessionid='" + s + "'", "");

        assertThat(canceled.attribute("status")).isEqualTo("canceled");
        assertThat(error(after).condition()).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(specific(after)).isEqualTo("session-expired");
    }

    @Test
    void sessionsExpireAndBelongToTheirRequester() throws Exception {
        String s = cmd(command(bob, "1", "node='wizard'", "")).attribute("sessionid");

        Iq stolen = command(alice, "2", "node='wizard' action='next' sessionid='" + s + "'", "");
        Iq otherNode = command(bob, "3", "node='single' action='next' sessionid='" + s + "'", "");
        clock.advance(CommandSessions.TTL);
        Iq late = command(bob, "4", "node='wizard' action='next' sessionid='" + s + "'", "");

        assertThat(specific(stolen)).isEqualTo("bad-sessionid");
        assertThat(error(otherNode).condition()).isEqualTo(Condition.FORBIDDEN); // bob may not run 'single'
        assertThat(specific(late)).isEqualTo("session-expired");
    }

    @Test
    void refusesWhatItCannotRun() throws Exception {
        Iq forbidden = command(bob, "1", "node='single'", "");
        Iq unknown = command(alice, "2", "node='nope'", "");
        Iq malformed = command(alice, "3", "node='single' action='jump'", "");
        Iq noSession = command(alice, "4", "node='single' action='next'", "");

        assertThat(error(forbidden).condition()).isEqualTo(Condition.FORBIDDEN);
        assertThat(error(unknown).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(specific(malformed)).isEqualTo("malformed-action");
        assertThat(specific(noSession)).isEqualTo("bad-sessionid");
    }

    @Test
    void aRefusedFormCanBeSentAgainAndIsNotEchoed() throws Exception {
        String s = cmd(command(alice, "1", "node='single'", "")).attribute("sessionid");

        Iq refused = command(alice, "2", "node='single' sessionid='" + s + "'",
                "<x xmlns='jabber:x:data' type='submit'><field var='x'><value>bad</value></field></x>");
        XmlElement retried = cmd(command(alice, "3", "node='single' sessionid='" + s + "'",
                "<x xmlns='jabber:x:data' type='submit'><field var='x'><value>good</value></field></x>"));

        assertThat(error(refused).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(specific(refused)).isEqualTo("bad-payload");
        assertThat(refused.element().toXml()).doesNotContain("<value>bad</value>");
        assertThat(retried.attribute("status")).isEqualTo("completed");
    }

    @Test
    void boundsTheSessionsOfOneRequester() throws Exception {
        for (int i = 0; i < CommandSessions.MAX_PER_REQUESTER; i++) {
            cmd(command(bob, "w" + i, "node='wizard'", ""));
        }

        Iq refused = command(bob, "x", "node='wizard'", "");

        assertThat(error(refused).condition()).isEqualTo(Condition.RESOURCE_CONSTRAINT);
        assertThat(cmd(command(alice, "a", "node='wizard'", "")).attribute("status")).isEqualTo("executing");
    }

    @Test
    void expiredSessionsMakeRoomForNewOnes() throws Exception {
        for (int i = 0; i < CommandSessions.MAX_PER_REQUESTER; i++) {
            cmd(command(bob, "w" + i, "node='wizard'", ""));
        }
        clock.advance(Duration.ofMinutes(11));

        assertThat(cmd(command(bob, "x", "node='wizard'", "")).attribute("status")).isEqualTo("executing");
    }

    @Test
    void needsDiscoBeforeIt() {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        EventBus events = new EventBus();
        StanzaRouter router = new StanzaRouter(List.of("example.com"), new LocalSessionRegistry(),
                storage.accounts(), events);
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("example.com"), d.data(), d.listeners(), d.tls(), d.storage(),
                d.auth(), d.registration(), d.admins(), List.of("adhoc"), d.limits(), d.s2s());

        assertThatThrownBy(() -> Modules.start(config, List.of(new AdHocModuleFactory()), router, events, storage))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'adhoc' needs 'disco' before it");
    }
}
