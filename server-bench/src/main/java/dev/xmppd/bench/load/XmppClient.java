package dev.xmppd.bench.load;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * One raw client connection, written for speed rather than generality: fixed strings out, and an incremental
 * reader that only looks for the markers it needs. Logs in (RFC 6120 §5 STARTTLS when a {@link SslContext} is
 * given, §6 SASL PLAIN or SCRAM-SHA-256, §7 bind), optionally sends initial presence, then reports each
 * {@code <body>} and {@code <status>} text and each {@code <presence} it receives.
 *
 * <pre>
 * C: &lt;stream:stream to='localhost' ...&gt;            S: ...&lt;/stream:features&gt;
 * C: &lt;auth mechanism='PLAIN'&gt;AHVzZXIxAHB3&lt;/auth&gt;   S: &lt;success/&gt;
 * C: &lt;stream:stream ...&gt;                           S: ...&lt;bind/&gt;...&lt;/stream:features&gt;
 * C: &lt;iq type='set' id='bind1'&gt;&lt;bind/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='bind1'&gt;&lt;bind&gt;&lt;jid&gt;user1@localhost/r&lt;/jid&gt;...
 * </pre>
 *
 * <p>Two variants for {@code compare.sh}: scenario R registers the account in band (XEP-0077 §3.1, before any
 * authentication) instead of logging in, and {@code --raw} speaks to {@link TcpRelay}: the header line, then
 * stanzas only.
 *
 * <p>Not thread-safe except {@link #send}: all other methods run on the channel's event loop.
 */
final class XmppClient extends ChannelInboundHandlerAdapter {

    /** Callbacks, on the connection's event loop. */
    interface Listener {
        void ready(XmppClient client);

        void failed(XmppClient client, String reason);

        default void body(XmppClient client, String text) {
        }

        default void status(XmppClient client, String text) {
        }

        /** A received presence; {@code startTag} is its start tag, e.g. {@code <presence from='a@b' type='subscribe'>}. */
        default void presence(XmppClient client, String startTag) {
        }
    }

    private enum State {
        FEATURES, PROCEED, CHALLENGE, AUTH, FEATURES_AFTER_AUTH, BIND, REGISTER, RELAY, READY, DONE
    }

    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private final String header;
    private final String user;
    private final String password;
    private final boolean scram;
    private final boolean presence;
    private final boolean raw;
    private final boolean register;
    private final String domain;
    private final SslContext ssl;
    private final ScramClient.Cache cache;
    private final Listener listener;
    private final StringBuilder in = new StringBuilder(512);
    private final int index;
    private State state = State.FEATURES;
    private boolean tlsDone;
    private ScramClient scramClient;
    private Channel channel;
    private String jid;
    private long started;

    XmppClient(LoadOptions o, int index, ScramClient.Cache cache, SslContext ssl, boolean presence, Listener l) {
        this.index = index;
        this.header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream="
                + "'http://etherx.jabber.org/streams' to='" + o.domain() + "' version='1.0'>";
        this.user = o.userPrefix() + index;
        this.password = o.password();
        this.scram = o.scram();
        this.ssl = ssl;
        this.cache = cache;
        this.presence = presence;
        this.raw = o.raw();
        this.register = o.scenario().equals("R");
        this.domain = o.domain();
        this.listener = l;
        this.started = System.nanoTime();
    }

    int index() {
        return index;
    }

    /** The full JID the server bound, once ready. */
    String jid() {
        return jid;
    }

    /** The event loop of the connection (once connected). */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** When the connection attempt started ({@link System#nanoTime()}). */
    long started() {
        return started;
    }

    void send(String xml) {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(ByteBufUtil.writeUtf8(c.alloc(), xml), c.voidPromise());
        }
    }

    /** Ends the stream and closes the connection; no failure is reported after this. */
    void close() {
        state = State.DONE;
        Channel c = channel;
        if (c != null) {
            c.writeAndFlush(ByteBufUtil.writeAscii(c.alloc(), "</stream:stream>"))
                    .addListener(f -> c.close());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (raw) { // the TCP relay: no negotiation, the partner's address is only a label in the stanza
            state = State.RELAY;
            send(TcpRelay.HEADER + index + "\n");
        } else {
            send(header);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            in.append(buf.toString(ISO_8859_1));
        } finally {
            buf.release();
        }
        if (state == State.READY) {
            readStanzas();
        } else if (state != State.DONE) {
            try {
                login(ctx);
            } catch (GeneralSecurityException | RuntimeException e) {
                fail("login: " + e);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("connection closed by the server in state " + state);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
        ctx.close();
    }

    private void fail(String reason) {
        if (state != State.DONE) {
            state = State.DONE;
            if (channel != null) {
                channel.close();
            }
            listener.failed(this, reason);
        }
    }

    private void login(ChannelHandlerContext ctx) throws GeneralSecurityException {
        if (in.indexOf("<stream:error") >= 0 || in.indexOf("<failure") >= 0) {
            fail("server said: " + in);
            return;
        }
        switch (state) {
            case FEATURES -> {
                if (in.indexOf("</stream:features>") >= 0) {
                    features(ctx);
                }
            }
            case PROCEED -> {
                if (in.indexOf("<proceed") >= 0) {
                    startTls(ctx);
                }
            }
            case CHALLENGE -> {
                int end = in.indexOf("</challenge>");
                if (end >= 0) {
                    int start = in.indexOf(">", in.indexOf("<challenge")) + 1;
                    String answer = scramClient.answer(in.substring(start, end));
                    consume();
                    state = State.AUTH;
                    send("<response xmlns='" + SASL + "'>" + answer + "</response>");
                }
            }
            case AUTH -> {
                if (in.indexOf("<success") >= 0) {
                    consume();
                    state = State.FEATURES_AFTER_AUTH;
                    send(header);
                }
            }
            case FEATURES_AFTER_AUTH -> {
                if (in.indexOf("</stream:features>") >= 0) {
                    consume();
                    state = State.BIND;
                    send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
                }
            }
            case BIND -> bound();
            case REGISTER -> registered();
            case RELAY -> relayed();
            default -> throw new IllegalStateException("state: " + state);
        }
    }

    private void features(ChannelHandlerContext ctx) {
        boolean offersTls = in.indexOf("<starttls") >= 0;
        consume();
        if (ssl != null && !tlsDone) {
            if (!offersTls) {
                fail("no STARTTLS offered");
                return;
            }
            state = State.PROCEED;
            send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        } else if (register) {
            state = State.REGISTER;
            send("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>" + password + "</password></query></iq>");
        } else if (scram) {
            scramClient = new ScramClient(cache, user, password);
            state = State.CHALLENGE;
            send("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-256'>" + scramClient.first() + "</auth>");
        } else {
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(UTF_8));
            state = State.AUTH;
            send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain + "</auth>");
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        consume();
        SslHandler handler = ssl.newHandler(ctx.alloc(), "localhost", 5222);
        ctx.pipeline().addFirst(handler);
        handler.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                tlsDone = true;
                state = State.FEATURES;
                send(header);
            } else {
                fail("TLS: " + f.cause());
            }
        });
    }

    private void bound() {
        int end = in.indexOf("</jid>");
        if (end < 0) {
            if (in.indexOf("type='error'") >= 0 || in.indexOf("type=\"error\"") >= 0) {
                fail("bind: " + in);
            }
            return;
        }
        jid = in.substring(in.indexOf("<jid>") + 5, end);
        consume();
        state = State.READY;
        if (presence) {
            send("<presence/>");
        }
        listener.ready(this);
    }

    /** XEP-0077 §3.1: a result, or a conflict (the account exists already: a re-run), is a success. */
    private void registered() {
        boolean result = in.indexOf("type='result'") >= 0 || in.indexOf("type=\"result\"") >= 0;
        if (result || in.indexOf("<conflict") >= 0) {
            consume();
            jid = user + "@" + domain;
            state = State.READY;
            listener.ready(this);
        } else if (in.indexOf("</iq>") >= 0) {
            fail("register: " + in);
        }
    }

    /** The relay registered this connection: from now on it forwards to the partner. */
    private void relayed() {
        if (in.indexOf(TcpRelay.OK) >= 0) {
            in.delete(0, in.indexOf(TcpRelay.OK) + TcpRelay.OK.length());
            jid = user + "@" + domain + "/relay";
            state = State.READY;
            listener.ready(this);
        }
    }

    private void consume() {
        in.setLength(0);
    }

    /**
     * Reports complete markers up to the last '>' (or an unfinished body/status) and keeps the rest. One pass over
     * the tags: each '<' is looked at once, so a read of many stanzas costs what its bytes cost.
     */
    private void readStanzas() {
        int cut = in.lastIndexOf(">") + 1;
        int pos = 0;
        while (pos < cut && state == State.READY) {
            int lt = in.indexOf("<", pos);
            if (lt < 0 || lt >= cut) {
                break;
            }
            if (startsAt(lt, "<presence")) {
                int end = in.indexOf(">", lt);
                listener.presence(this, in.substring(lt, end + 1));
                pos = end + 1;
                continue;
            }
            boolean body = startsAt(lt, "<body>");
            if (!body && !startsAt(lt, "<status>")) {
                pos = lt + 1;
                continue;
            }
            String close = body ? "</body>" : "</status>";
            int start = lt + (body ? 6 : 8);
            int end = in.indexOf(close, start);
            if (end < 0 || end >= cut) {
                cut = lt; // unfinished: keep it for the next read
                break;
            }
            String text = in.substring(start, end);
            pos = end + close.length();
            if (body) {
                listener.body(this, text);
            } else {
                listener.status(this, text);
            }
        }
        in.delete(0, cut);
    }

    private boolean startsAt(int index, String prefix) {
        if (index + prefix.length() > in.length()) {
            return false;
        }
        for (int i = 1; i < prefix.length(); i++) { // index holds the '<' already
            if (in.charAt(index + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
