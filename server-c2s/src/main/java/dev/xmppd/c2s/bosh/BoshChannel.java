package dev.xmppd.c2s.bosh;

import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The channel of one BOSH session: no socket of its own, so that the client stream handler runs on it unchanged.
 * Inbound, the session {@link #offer offers} what the client's requests carry (stream opens, elements, the close);
 * it reaches the pipeline as reads do, and waits while {@code autoRead} is off (the stream handler turns it off
 * while a stanza is handled asynchronously). Outbound, what the pipeline writes and flushes stays in the channel's
 * outbound buffer, counted against its water marks, until the session has a held request to answer with it
 * ({@link #takeFlushed}); a flush tells the session once per event-loop task, so that everything written in one
 * task goes out in one response.
 *
 * <p>Registered on an event loop of the server's worker group; every method runs on it.
 */
final class BoshChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final SocketAddress local;
    private final SocketAddress remote;
    private final Runnable outputReady;
    private final ArrayDeque<Object> inbound = new ArrayDeque<>();
    private ChannelOutboundBuffer outbound;
    private boolean open = true;
    private boolean registeredOnce;
    private boolean readPending;
    private boolean reading;
    private boolean outputScheduled;
    private Runnable onClose;

    /**
     * @param outputReady run (in a task of its own) after flushed output appeared
     */
    BoshChannel(SocketAddress local, SocketAddress remote, Runnable outputReady) {
        super(null);
        this.local = local;
        this.remote = remote;
        this.outputReady = outputReady;
    }

    /** Runs once when the channel closes, whatever closed it, with what was flushed but never taken. */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /** Passes {@code msg} to the pipeline now, or when reading resumes. */
    void offer(Object msg) {
        inbound.add(msg);
        deliver();
    }

    /** Moves every flushed message out of the outbound buffer into {@code out}, completing their writes. */
    void takeFlushed(List<Object> out) {
        ChannelOutboundBuffer buffer = outbound;
        if (buffer == null) {
            return;
        }
        Object msg;
        while ((msg = buffer.current()) != null) {
            out.add(io.netty.util.ReferenceCountUtil.retain(msg));
            buffer.remove();
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("a BOSH session does not connect"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected void doRegister() {
        registeredOnce = true;
        outbound = unsafe().outboundBuffer();
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a BOSH session does not bind");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (!open) {
            return;
        }
        open = false;
        inbound.clear();
        if (onClose != null) {
            onClose.run(); // the outbound buffer still holds what was flushed: the session may take it
        }
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        deliver();
    }

    private void deliver() {
        if (reading || !open) {
            return;
        }
        reading = true;
        boolean delivered = false;
        try {
            while (readPending && !inbound.isEmpty()) {
                Object msg = inbound.poll();
                delivered = true;
                pipeline().fireChannelRead(msg);
                if (!config.isAutoRead()) {
                    readPending = false;
                }
            }
        } finally {
            reading = false;
        }
        if (delivered) {
            pipeline().fireChannelReadComplete();
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        if (!outputScheduled && in.current() != null) {
            outputScheduled = true;
            eventLoop().execute(() -> {
                outputScheduled = false;
                outputReady.run();
            });
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && registeredOnce;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
