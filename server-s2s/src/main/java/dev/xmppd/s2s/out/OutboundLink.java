package dev.xmppd.s2s.out;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.out.DialbackRequests.Request;
import dev.xmppd.s2s.stream.DialbackElement;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our one outbound stream for a (local, remote) domain pair, set up on demand and reused for all traffic:
 * <ul>
 *   <li>stanzas wait in a bounded queue while the stream is being set up (or while the peer reads slowly), and are
 *       written in order once it is authenticated; a full queue bounces the new stanza with
 *       {@code resource-constraint};</li>
 *   <li>when setting up fails, every queued stanza bounces with {@code remote-server-not-found}, or
 *       {@code remote-server-timeout} if {@code s2s.connect-timeout} elapsed (RFC 6120 §8.3.3.15-16); error stanzas
 *       are never bounced again (the router drops bounces of errors);</li>
 *   <li>there is no retry loop: the next stanza starts a new attempt, and so does the next after an idle close;</li>
 *   <li>a stanza written to a stream that then dies cannot be known delivered: if its write fails it bounces with
 *       {@code remote-server-not-found}, otherwise it is lost with the stream (no XEP-0198 on s2s);</li>
 *   <li>{@code <db:verify/>} requests for the pair (we are the receiving server, checking a key that the remote
 *       domain's server sent on an inbound stream) ride on the same stream, sent as soon as it is past TLS.</li>
 * </ul>
 * Thread-safe: entry points come from any thread; state is guarded by {@code this}, bounces and future completions
 * happen outside the lock.
 */
final class OutboundLink {
    private static final Logger log = LoggerFactory.getLogger(OutboundLink.class);

    /** What {@link #status()} reports. */
    enum State { IDLE, CONNECTING, AUTHENTICATED, CLOSED }

    private final DomainPair pair;
    private final OutboundConnector connector;
    private final EventLoop loop;
    private final int capacity;
    private final Duration connectTimeout;
    private final ArrayDeque<Stanza> queue = new ArrayDeque<>();
    private final DialbackRequests verifies;
    private Attempt attempt;
    private Channel channel;
    private Channel verifyChannel;
    private String method;
    private boolean bidi;
    private boolean shutDown;

    OutboundLink(DomainPair pair, OutboundConnector connector, EventLoop loop) {
        this.pair = requireNonNull(pair, "pair");
        this.connector = requireNonNull(connector, "connector");
        this.loop = requireNonNull(loop, "loop");
        this.capacity = connector.services().config().s2s().queueStanzas();
        this.connectTimeout = connector.services().config().s2s().connectTimeout();
        this.verifies = new DialbackRequests(capacity);
    }

    DomainPair pair() {
        return pair;
    }

    synchronized State state() {
        if (shutDown) {
            return State.CLOSED;
        }
        return channel != null ? State.AUTHENTICATED : attempt != null ? State.CONNECTING : State.IDLE;
    }

    /** How the current stream authenticated ({@code SASL EXTERNAL}, {@code dialback}), or {@code null}. */
    synchronized String method() {
        return channel == null ? null : method;
    }

    /** True if the current stream is bidirectional (XEP-0288): the peer sends its stanzas for the pair on it. */
    synchronized boolean bidi() {
        return channel != null && bidi;
    }

    /** Sends or queues a stanza; never drops one without a bounce. */
    void send(Stanza stanza) {
        StanzaError refused;
        synchronized (this) {
            refused = shutDown ? StanzaError.of(Condition.REMOTE_SERVER_TIMEOUT, "the server is shutting down")
                    : queue.size() >= capacity ? StanzaError.of(Condition.RESOURCE_CONSTRAINT,
                            "too many stanzas waiting for " + pair.remote() + " (s2s.queue-stanzas)")
                    : null;
            if (refused == null) {
                queue.add(stanza);
                if (channel != null) {
                    flush();
                } else if (attempt == null) {
                    startAttempt();
                }
            }
        }
        if (refused != null) {
            connector.services().router().bounce(stanza, refused);
        }
    }

    /**
     * Asks the remote domain's server whether it issued {@code key} for the inbound stream {@code streamId}.
     * Completes with its answer, or exceptionally when the link fails or no answer comes within
     * {@code s2s.connect-timeout}.
     */
    CompletionStage<Boolean> verify(String streamId, String key) {
        Request r;
        synchronized (this) {
            r = shutDown ? null : verifies.add(streamId, key);
            if (r != null && !r.sent) {
                if (verifyChannel != null) {
                    writeVerifies(verifyChannel);
                } else if (channel == null && attempt == null) {
                    startAttempt();
                }
                Request scheduled = r;
                loop.schedule(() -> expire(scheduled), connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot ask " + pair.remote()
                    + ": too many verifications pending, a conflicting one, or shutting down"));
        }
        return r.answer;
    }

    /** Bounces what is queued, fails pending verifications and closes the stream with system-shutdown. */
    ChannelFuture shutdown() {
        List<Stanza> bounced;
        List<Request> failed;
        Channel open;
        synchronized (this) {
            shutDown = true;
            bounced = drainQueue();
            failed = verifies.removeAll(false);
            if (attempt != null) {
                attempt.cancel();
            }
            open = channel != null ? channel : attempt != null ? attempt.connection : null;
            attempt = null;
        }
        bounce(bounced, StanzaError.of(Condition.REMOTE_SERVER_TIMEOUT, "the server is shutting down"));
        fail(failed, "the server is shutting down");
        if (open == null || !open.isActive()) {
            return null;
        }
        // RFC 6120 §4.9.1.1: the error, then the closing tag, then the connection.
        open.write(new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down"));
        return open.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    private void startAttempt() {
        Attempt a = new Attempt();
        attempt = a;
        a.timeout = loop.schedule(() -> timedOut(a), connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("s2s: {} connecting", pair);
        connector.connect(pair, loop, a);
    }

    /** Writes queued stanzas while the channel takes them; the rest waits for {@link Attempt#writable}. */
    private void flush() {
        boolean wrote = false;
        while (channel != null && channel.isWritable() && !queue.isEmpty()) {
            Stanza s = queue.poll();
            channel.write(s).addListener(f -> {
                if (!f.isSuccess()) {
                    connector.services().router().bounce(s, StanzaError.of(Condition.REMOTE_SERVER_NOT_FOUND,
                            "the stream to " + pair.remote() + " failed"));
                }
            });
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void writeVerifies(Channel ch) {
        List<Request> unsent = verifies.takeUnsent();
        for (Request r : unsent) {
            ch.write(DialbackElement.verify(pair.local(), pair.remote(), r.streamId, r.key).toWire());
        }
        if (!unsent.isEmpty()) {
            ch.flush();
        }
    }

    private void timedOut(Attempt a) {
        Channel ch;
        synchronized (this) {
            if (attempt != a) {
                return;
            }
            ch = a.connection;
        }
        OutboundStreamHandler handler = ch == null ? null : ch.pipeline().get(OutboundStreamHandler.class);
        String where = handler == null ? "no connection made" : "waiting for " + handler.state().waitingFor();
        a.failed(ch, new LinkFailure(LinkFailure.Step.TIMEOUT, "not authenticated within s2s.connect-timeout ("
                + connectTimeout.toSeconds() + "s), " + where));
        if (ch != null) {
            ch.close();
        }
    }

    private void expire(Request r) {
        Request expired;
        synchronized (this) {
            expired = verifies.expire(r);
        }
        if (expired != null) {
            expired.answer.completeExceptionally(new TimeoutException("no <db:verify/> answer from " + pair.remote()
                    + " within s2s.connect-timeout"));
        }
    }

    private List<Stanza> drainQueue() {
        List<Stanza> drained = new ArrayList<>(queue);
        queue.clear();
        return drained;
    }

    private void bounce(List<Stanza> stanzas, StanzaError error) {
        for (Stanza s : stanzas) {
            connector.services().router().bounce(s, error);
        }
    }

    private static void fail(List<Request> requests, String reason) {
        for (Request r : requests) {
            r.answer.completeExceptionally(new IllegalStateException(reason));
        }
    }

    /** One try at setting up the stream; events from an attempt the link gave up on are ignored. */
    final class Attempt implements ConnectAttempt {
        private volatile boolean cancelled;
        private volatile Channel connection;
        private ScheduledFuture<?> timeout;

        void cancel() {
            cancelled = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public void opened(Channel ch) {
            connection = ch;
            if (cancelled) {
                ch.close();
            }
        }

        @Override
        public void verifiable(Channel ch) {
            synchronized (OutboundLink.this) {
                if (attempt == this) {
                    verifyChannel = ch;
                    writeVerifies(ch);
                }
            }
        }

        @Override
        public void verifyAnswered(DialbackElement answer) {
            Request r;
            synchronized (OutboundLink.this) {
                r = answer.from().equals(pair.remote()) && answer.to().equals(pair.local())
                        ? verifies.answered(answer) : null;
            }
            if (r == null) {
                log.debug("s2s: {} ignored an unexpected <db:verify/> answer (id {})", pair, answer.id());
            } else if (answer.type() == DialbackElement.Type.ERROR) {
                r.answer.completeExceptionally(new IllegalStateException(pair.remote() + " answered <db:verify/> with "
                        + answer.error().condition().elementName()));
            } else {
                r.answer.complete(answer.type() == DialbackElement.Type.VALID);
            }
        }

        @Override
        public void authenticated(Channel ch, String how) {
            synchronized (OutboundLink.this) {
                if (attempt != this) {
                    ch.close();
                    return;
                }
                cancel();
                attempt = null;
                OutboundLink.this.channel = ch;
                verifyChannel = ch;
                method = how;
                OutboundStreamHandler handler = ch.pipeline().get(OutboundStreamHandler.class);
                bidi = handler != null && handler.bidi();
                writeVerifies(ch);
                flush();
            }
        }

        @Override
        public void failed(Channel ch, LinkFailure failure) {
            List<Stanza> bounced;
            List<Request> failedVerifies;
            synchronized (OutboundLink.this) {
                if (attempt != this) {
                    return;
                }
                cancel();
                attempt = null;
                verifyChannel = null;
                bounced = drainQueue();
                failedVerifies = verifies.removeAll(false);
            }
            log.warn("s2s: {} {}{}", pair, failure.describe(),
                    bounced.isEmpty() ? "" : "; " + bounced.size() + " stanza(s) bounced with "
                            + failure.condition().elementName());
            bounce(bounced, StanzaError.of(failure.condition(), "server-to-server " + failure.describe()));
            fail(failedVerifies, pair.remote() + ": " + failure.describe());
        }

        @Override
        public void writable(Channel ch) {
            synchronized (OutboundLink.this) {
                if (channel == ch) {
                    flush();
                }
            }
        }

        @Override
        public void closed(Channel ch) {
            List<Request> orphaned = List.of();
            synchronized (OutboundLink.this) {
                if (verifyChannel == ch) {
                    verifyChannel = null;
                    orphaned = verifies.removeAll(true);
                }
                if (channel == ch) {
                    channel = null;
                    log.debug("s2s: {} stream closed", pair);
                    // Stanzas that waited for a slow reader go out on a new stream.
                    if ((!queue.isEmpty() || verifies.hasUnsent()) && !shutDown && attempt == null) {
                        startAttempt();
                    }
                }
            }
            fail(orphaned, "the stream to " + pair.remote() + " closed before it answered");
        }
    }
}
