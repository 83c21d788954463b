package dev.xmppd.s2s.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.ComponentsConfig;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The life cycle of {@link ComponentServer}: the domains it serves, its listener, and a clash with a module. */
class ComponentServerTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final StanzaRouter router = new StanzaRouter(List.of("example.com"), new LocalSessionRegistry(),
            new MemoryStorageProvider().accounts(), new EventBus());

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static XmppdConfig config(ListenerConfig listener, String... domains) {
        Map<String, ComponentConfig> map = new java.util.LinkedHashMap<>();
        for (String d : domains) {
            map.put(d, new ComponentConfig("secret", "Component " + d));
        }
        XmppdConfig d = XmppdConfig.defaults();
        return new XmppdConfig(List.of("example.com"), d.data(), d.listeners(), d.tls(), d.storage(), d.auth(),
                d.registration(), d.admins(), List.of(), d.limits(), d.s2s())
                .withComponents(new ComponentsConfig(listener, map));
    }

    @Test
    void servesTheConfiguredDomainsFromStartUntilClose() throws Exception {
        ComponentServer server = new ComponentServer(config(
                new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED), "gw.example.com"),
                router, group, group);

        server.start();

        assertThat(router.servesDomain("gw.example.com")).isTrue();
        assertThat(router.discoInfo("example.com").items())
                .containsExactly(new DiscoInfo.Item("gw.example.com", "Component gw.example.com"));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(s.isConnected()).isTrue();
        }
        assertThat(server.connected()).isEmpty();

        server.close();

        assertThat(router.servesDomain("gw.example.com")).isFalse();
        assertThat(router.discoInfo("example.com").items()).isEmpty();
    }

    @Test
    void withTheListenerOffTheDomainsAreStillServed() {
        ComponentServer server = new ComponentServer(config(ComponentsConfig.LISTENER, "gw.example.com"), router,
                group, group);

        server.start();

        assertThat(router.servesDomain("gw.example.com")).isTrue();
        assertThatThrownBy(server::port).isInstanceOf(IllegalArgumentException.class);
        server.close();
    }

    @Test
    void aDomainServedAlreadyIsAStartupErrorNamingTheKey() {
        router.serveDomain("conference.example.com", "Chatrooms", stanza -> { });
        ComponentServer server = new ComponentServer(config(ComponentsConfig.LISTENER, "gw.example.com",
                "conference.example.com"), router, group, group);

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("components.conference.example.com: the server serves this domain already");
        // What it served before the clash is released again.
        assertThat(router.servesDomain("gw.example.com")).isFalse();
    }
}
