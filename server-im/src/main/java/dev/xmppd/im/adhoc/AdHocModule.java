package dev.xmppd.im.adhoc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.disco.DiscoNodes;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import javax.xml.namespace.QName;

/**
 * Ad-hoc commands (XEP-0050) of the server: other modules register commands through {@link AdHocCommands}; this
 * module lists them in disco (to those allowed to run them), keeps the command sessions and runs the stages.
 *
 * <pre>
 * C: &lt;iq type='set' to='example.com' id='c1'&gt;&lt;command xmlns='http://jabber.org/protocol/commands'
 *        node='http://jabber.org/protocol/admin#add-user' action='execute'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='c1'&gt;&lt;command xmlns='http://jabber.org/protocol/commands'
 *        node='http://jabber.org/protocol/admin#add-user' sessionid='Xy3…' status='executing'&gt;
 *        &lt;actions execute='complete'&gt;&lt;complete/&gt;&lt;/actions&gt;
 *        &lt;x xmlns='jabber:x:data' type='form'&gt;…
 * </pre>
 *
 * <p>Needs the {@code disco} module before it in {@code modules:}.
 */
public final class AdHocModule implements XmppModule {
    public static final String NS = "http://jabber.org/protocol/commands";
    public static final QName COMMAND = new QName(NS, "command");

    private record Command(String node, String name, Predicate<Jid> allowed, CommandHandler handler) {
    }

    private final Map<String, Command> commands = new ConcurrentSkipListMap<>();
    private final List<Runnable> undo = Collections.synchronizedList(new ArrayList<>());
    private final CommandSessions sessions;
    private String host;
    private DiscoNodes disco;

    public AdHocModule() {
        this(Clock.systemUTC());
    }

    /** With the clock that times command sessions out. */
    public AdHocModule(Clock clock) {
        this.sessions = new CommandSessions(requireNonNull(clock, "clock"));
    }

    @Override
    public String name() {
        return "adhoc";
    }

    @Override
    public void configure(ModuleContext ctx) {
        host = ctx.host();
        try {
            disco = ctx.require(DiscoNodes.class).get();
        } catch (IllegalStateException e) {
            throw new ConfigException("modules: 'adhoc' needs 'disco' before it (modules: " + ctx.config().modules()
                    + ")");
        }
        ctx.feature(NS);
        undo.add(disco.add(NS, new ListNode()));
        ctx.provide(AdHocCommands.class, this::register);
        ctx.iq(IqType.SET, COMMAND, RouteScope.SERVER, this::execute);
    }

    @Override
    public void close() {
        List<Runnable> copy = new ArrayList<>(undo);
        Collections.reverse(copy);
        copy.forEach(Runnable::run);
        undo.clear();
    }

    private Runnable register(String node, String name, Predicate<Jid> allowed, CommandHandler handler) {
        Command c = new Command(requireNonNull(node, "node"), requireNonNull(name, "name"),
                requireNonNull(allowed, "allowed"), requireNonNull(handler, "handler"));
        if (commands.putIfAbsent(node, c) != null) {
            throw new IllegalStateException("two commands with node " + node + " on " + host);
        }
        Runnable removeNode = disco.add(node, new CommandNode(c));
        Runnable removal = () -> {
            if (commands.remove(node, c)) {
                removeNode.run();
                sessions.removeNode(node);
            }
        };
        undo.add(removal);
        return removal;
    }

    private CompletionStage<Iq> execute(IqRequest req) {
        try {
            return step(req).handle((response, failure) -> {
                if (failure != null) {
                    return errorReply(req.iq(), failure);
                }
                return req.iq().result(response);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(errorReply(req.iq(), e));
        }
    }

    /** One step of a command; completes with the {@code <command/>} to answer. */
    private CompletionStage<XmlElement> step(IqRequest req) {
        XmlElement payload = req.payload();
        String node = payload.attribute("node");
        if (node == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "command without node (XEP-0050 §6.1)");
        }
        Command command = commands.get(node);
        if (command == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no command " + node);
        }
        Jid requester = req.from();
        if (requester == null || !command.allowed().test(requester)) {
            throw new StanzaException(Condition.FORBIDDEN); // XEP-0050 §6.4
        }
        Action action = Action.of(payload.attribute("action"));
        String id = payload.attribute("sessionid");
        if (id != null && action == Action.CANCEL) {
            // XEP-0050 §3.5: cancel is always allowed and ends the session.
            session(id, node, requester);
            sessions.remove(id);
            return CompletableFuture.completedFuture(element(node, id, CommandResponse.Status.CANCELED));
        }
        DataForm form = submittedForm(payload);
        CommandRequest request = id == null ? first(requester, action, form) : next(id, node, requester, action, form);
        return command.handler().handle(request).thenApply(response -> {
            if (response.status() == CommandResponse.Status.EXECUTING) {
                sessions.update(request.sessionId(), node, requester, response);
            } else {
                sessions.remove(request.sessionId());
            }
            return render(node, request.sessionId(), response);
        });
    }

    private CommandRequest first(Jid requester, Action action, DataForm form) {
        if (action != Action.EXECUTE) {
            throw CommandException.badSessionId("action " + action.value() + " without sessionid");
        }
        sessions.checkRoom(requester);
        return new CommandRequest(requester, sessions.newId(), Action.EXECUTE, form, 0);
    }

    private CommandRequest next(String id, String node, Jid requester, Action action, DataForm form) {
        CommandSessions.Entry entry = session(id, node, requester);
        // XEP-0050 §3.4: 'execute' is the stage's default action.
        Action resolved = action == Action.EXECUTE ? entry.execute() : action;
        if (!entry.actions().contains(resolved)) {
            throw CommandException.badAction(resolved);
        }
        return new CommandRequest(requester, id, resolved, form, entry.stage());
    }

    private CommandSessions.Entry session(String id, String node, Jid requester) {
        CommandSessions.Entry entry = sessions.get(id);
        if (entry == null) {
            throw CommandException.sessionExpired();
        }
        if (!entry.node().equals(node) || !entry.requester().equals(requester)) {
            throw CommandException.badSessionId("sessionid: not a session of yours for " + node);
        }
        return entry;
    }

    private static DataForm submittedForm(XmlElement command) {
        XmlElement x = command.element(DataForm.NS, "x");
        if (x == null) {
            return null;
        }
        try {
            return DataForm.parse(x);
        } catch (IllegalArgumentException e) {
            throw CommandException.badPayload(e.getMessage());
        }
    }

    private static XmlElement render(String node, String id, CommandResponse response) {
        XmlElement.Builder b = XmlElement.builder(NS, "command").attribute("node", node).attribute("sessionid", id)
                .attribute("status", response.status().value());
        if (response.status() == CommandResponse.Status.EXECUTING) {
            XmlElement.Builder actions = XmlElement.builder(NS, "actions")
                    .attribute("execute", response.execute().value());
            for (Action a : Action.values()) {
                if (response.actions().contains(a)) {
                    actions.child(XmlElement.empty(NS, a.value()));
                }
            }
            b.child(actions.build());
        }
        response.notes().forEach(n -> b.child(n.toElement()));
        if (response.form() != null) {
            b.child(response.form().toElement());
        }
        return b.build();
    }

    private static XmlElement element(String node, String id, CommandResponse.Status status) {
        return XmlElement.builder(NS, "command").attribute("node", node).attribute("sessionid", id)
                .attribute("status", status.value()).build();
    }

    /** The error reply, without the request's payload; a failure that is not a stanza error is passed on. */
    private static Iq errorReply(Iq request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CommandException ce) {
            return ce.reply(request);
        }
        if (cause instanceof StanzaException se) {
            return CommandException.reply(request, se.error(), null);
        }
        throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
    }

    private List<XmlElement> identity(String type, String name) {
        return List.of(XmlElement.builder(DiscoModule.INFO, "identity").attribute("category", "automation")
                .attribute("type", type).attribute("name", name).build());
    }

    /** The command list node (XEP-0050 §2.2): the commands the requester may run. */
    private final class ListNode implements DiscoNodes.Node {
        @Override
        public List<XmlElement> info(Jid requester) {
            return identity("command-list", "Commands");
        }

        @Override
        public List<XmlElement> items(Jid requester) {
            List<XmlElement> items = new ArrayList<>();
            for (Command c : commands.values()) {
                if (requester != null && c.allowed().test(requester)) {
                    items.add(XmlElement.builder(DiscoModule.ITEMS, "item").attribute("jid", host)
                            .attribute("node", c.node()).attribute("name", c.name()).build());
                }
            }
            return items;
        }
    }

    /** One command's node (XEP-0050 §2.2): forbidden to those who may not run it. */
    private final class CommandNode implements DiscoNodes.Node {
        private final Command command;

        CommandNode(Command command) {
            this.command = command;
        }

        @Override
        public List<XmlElement> info(Jid requester) {
            if (requester == null || !command.allowed().test(requester)) {
                throw new StanzaException(Condition.FORBIDDEN);
            }
            List<XmlElement> out = new ArrayList<>(identity("command-node", command.name()));
            out.add(XmlElement.builder(DiscoModule.INFO, "feature").attribute("var", NS).build());
            out.add(XmlElement.builder(DiscoModule.INFO, "feature").attribute("var", DataForm.NS).build());
            return out;
        }

        @Override
        public List<XmlElement> items(Jid requester) {
            if (requester == null || !command.allowed().test(requester)) {
                throw new StanzaException(Condition.FORBIDDEN);
            }
            return List.of();
        }
    }
}
