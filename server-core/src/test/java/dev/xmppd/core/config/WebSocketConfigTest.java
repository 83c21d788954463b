package dev.xmppd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code websocket} (RFC 7395 XMPP over WebSocket, XEP-0156 discovery). */
class WebSocketConfigTest {
    @TempDir
    Path dir;

    private XmppdConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigFiles.load(dir, yaml, env);
    }

    @Test
    void onByDefaultWithTheUrlFromTheListenerAndNoTrustedProxy() throws IOException {
        assertThat(load("hosts: [localhost]\n", Map.of()).websocket())
                .isEqualTo(new WebSocketConfig(true, null, false));
    }

    @Test
    void everyKeyIsReadAndTheUrlVerbatimFromTheEnvironment() throws IOException {
        WebSocketConfig ws = load("""
                hosts: [localhost]
                websocket: { enabled: false, behind-tls-proxy: true }
                """, Map.of("XMPPD_WEBSOCKET_URL", "wss://example.com/xmpp-websocket")).websocket();

        assertThat(ws).isEqualTo(new WebSocketConfig(false, "wss://example.com/xmpp-websocket", true));
    }

    @Test
    void aUrlThatIsNotWebSocketNamesFileLineAndKey() {
        assertThatThrownBy(() -> load("hosts: [localhost]\nwebsocket:\n  url: https://example.com/ws\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conf/xmppd.yml:3: websocket.url: https://example.com/ws")
                .hasMessageContaining("(expected: a wss:// URL");
    }
}
