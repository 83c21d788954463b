package dev.xmppd.c2s.websocket;

import dev.xmppd.c2s.C2sServices;
import dev.xmppd.c2s.bosh.BoshEndpoint;
import dev.xmppd.c2s.sm.SmHost;
import dev.xmppd.core.config.BoshConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.WebSocketConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the HTTP listeners need to serve XMPP over WebSocket (RFC 7395) and its XEP-0156 discovery: the client
 * services the streams share with TCP connections (limits, router, SASL, XEP-0198 sessions), the
 * {@code websocket} settings, and the public URL to announce. One per server; {@link #route} makes the handler of
 * one HTTP connection.
 */
public final class WebSocketEndpoint {
    /** RFC 7395 does not fix a path; this is the one clients and other servers conventionally use. */
    public static final String PATH = "/xmpp-websocket";

    private final C2sServices services;
    private final WebSocketConfig config;

    public WebSocketEndpoint(C2sServices services) {
        this.services = services;
        this.config = services.config().websocket();
    }

    /** True when {@code websocket.enabled}: otherwise the listeners serve no WebSocket and no host-meta. */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The handler for one connection of an HTTP listener, placed in front of the upload handler.
     *
     * @param tls true on the https listener; on the plain one a stream counts as secure only with
     *     {@code websocket.behind-tls-proxy}
     */
    public ChannelHandler route(boolean tls) {
        return new WebSocketRoute(this, tls);
    }

    /**
     * Starts ending the XMPP streams among {@code connections} with {@code system-shutdown}, as the TCP listeners do;
     * other HTTP connections are left to the caller.
     *
     * @return the close futures of those streams' connections, for the caller to wait on
     */
    public static List<ChannelFuture> closeStreams(Iterable<Channel> connections) {
        StreamError shutdown = new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ch : connections) {
            if (ch.pipeline().get("c2s") instanceof SmHost stream) {
                ch.eventLoop().execute(() -> stream.closeStream(shutdown));
                closing.add(ch.closeFuture());
            }
        }
        return closing;
    }

    C2sServices services() {
        return services;
    }

    boolean behindTlsProxy() {
        return config.behindTlsProxy();
    }

    /**
     * The public WebSocket URL for {@code host} (from a request's {@code Host} header; one of {@code hosts} else the
     * first host): {@code websocket.url} if set, else the https listener's, else the plain one's.
     */
    String url(String requestHost) {
        if (config.url() != null) {
            return config.url();
        }
        return listenerUrl(requestHost, "wss://", "ws://", PATH);
    }

    /**
     * The XEP-0156 links for {@code requestHost}: WebSocket, then BOSH when {@code bosh.enabled} ({@code bosh.url},
     * else the listener's {@code /http-bind}, as for WebSocket).
     */
    Map<String, String> links(String requestHost) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put(HostMeta.REL, url(requestHost));
        BoshConfig bosh = services.config().bosh();
        if (bosh.enabled()) {
            links.put(HostMeta.BOSH_REL, bosh.url() != null ? bosh.url()
                    : listenerUrl(requestHost, "https://", "http://", BoshEndpoint.PATH));
        }
        return links;
    }

    private String listenerUrl(String requestHost, String secureScheme, String plainScheme, String path) {
        XmppdConfig c = services.config();
        String host = c.hosts().get(0);
        if (requestHost != null) {
            String name = requestHost.toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            if (colon > 0 && name.indexOf(']') < colon) {
                name = name.substring(0, colon);
            }
            if (c.hosts().contains(name)) {
                host = name;
            }
        }
        ListenersConfig listeners = c.listeners();
        if (listeners.https().enabled()) {
            return secureScheme + host + ':' + listeners.https().port() + path;
        }
        return plainScheme + host + ':' + listeners.http().port() + path;
    }
}
