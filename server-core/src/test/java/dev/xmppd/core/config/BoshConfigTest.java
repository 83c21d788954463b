package dev.xmppd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bosh} (XEP-0124/XEP-0206 XMPP over BOSH). */
class BoshConfigTest {
    @TempDir
    Path dir;

    private XmppdConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigFiles.load(dir, yaml, env);
    }

    @Test
    void onByDefaultWithAMinuteOfWaitAndOfInactivity() throws IOException {
        assertThat(load("hosts: [localhost]\n", Map.of()).bosh())
                .isEqualTo(new BoshConfig(true, null, Duration.ofSeconds(60), Duration.ofSeconds(60)));
    }

    @Test
    void everyKeyIsReadAndTheUrlVerbatimFromTheEnvironment() throws IOException {
        BoshConfig bosh = load("""
                hosts: [localhost]
                bosh: { enabled: false, max-wait: 30s, inactivity: 2m }
                """, Map.of("XMPPD_BOSH_URL", "https://example.com/http-bind?x=1")).bosh();

        assertThat(bosh).isEqualTo(new BoshConfig(false, "https://example.com/http-bind?x=1", Duration.ofSeconds(30),
                Duration.ofMinutes(2)));
    }

    @Test
    void aUrlThatIsNotHttpNamesFileLineAndKey() {
        assertThatThrownBy(() -> load("hosts: [localhost]\nbosh:\n  url: wss://example.com/ws\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conf/xmppd.yml:3: bosh.url: wss://example.com/ws")
                .hasMessageContaining("(expected: an https:// URL");
    }

    @Test
    void aWaitThatIsNotADurationNamesFileLineAndKey() {
        assertThatThrownBy(() -> load("hosts: [localhost]\nbosh:\n  max-wait: soon\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conf/xmppd.yml:3: bosh.max-wait: soon");
    }
}
