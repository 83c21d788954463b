package dev.xmppd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code push} (XEP-0357 push notifications). */
class PushConfigTest {
    @TempDir
    Path dir;

    private XmppdConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigFiles.load(dir, yaml, env);
    }

    @Test
    void defaultsKeepBodiesPrivate() throws IOException {
        XmppdConfig config = load("hosts: [localhost]\n", Map.of());

        assertThat(config.push()).isEqualTo(new PushConfig(false, 10, Duration.ofSeconds(5)));
        assertThat(config.modules()).contains("push");
    }

    @Test
    void everyKeyIsRead() throws IOException {
        PushConfig push = load("""
                hosts: [localhost]
                push: { include-body: true, max-per-account: 3, coalesce: 0 }
                """, Map.of("XMPPD_PUSH_MAX_PER_ACCOUNT", "4")).push();

        assertThat(push).isEqualTo(new PushConfig(true, 4, Duration.ZERO));
    }

    @Test
    void aBadValueNamesFileLineAndKey() {
        assertThatThrownBy(() -> load("hosts: [localhost]\npush:\n  max-per-account: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("conf/xmppd.yml:3: push.max-per-account: 0 (expected: 1..1000)");
    }
}
