package dev.xmppd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code components} and {@code listeners.component} (XEP-0114 external components). */
class ComponentsConfigTest {
    @TempDir
    Path dir;

    private XmppdConfig load(String yaml) throws IOException {
        return ConfigFiles.load(dir, yaml, Map.of());
    }

    @Test
    void noComponentsLeaveTheListenerOff() throws IOException {
        ComponentsConfig components = load("hosts: [localhost]\n").components();

        assertThat(components.domains()).isEmpty();
        assertThat(components.listener()).isEqualTo(new ListenerConfig(false, "127.0.0.1", 5347,
                StartTlsPolicy.REQUIRED));
    }

    @Test
    void aConfiguredComponentTurnsTheListenerOnOnLoopback() throws IOException {
        ComponentsConfig components = load("""
                hosts: [localhost]
                components:
                  Gateway.Localhost: { secret: s3cret, name: IRC gateway }
                  bot.example.net:
                    secret: other
                """).components();

        assertThat(components.domains()).containsExactly(
                Map.entry("gateway.localhost", new ComponentConfig("s3cret", "IRC gateway")),
                Map.entry("bot.example.net", new ComponentConfig("other", null)));
        assertThat(components.listener().enabled()).isTrue();
        assertThat(components.listener().address()).isEqualTo("127.0.0.1");
        assertThat(components.listener().port()).isEqualTo(5347);
    }

    @Test
    void theListenerCanBeMovedOrTurnedOff() throws IOException {
        ComponentsConfig components = load("""
                components: { gw.localhost: { secret: s } }
                listeners:
                  component: { address: 0.0.0.0, port: 15347, enabled: false }
                """).components();

        assertThat(components.listener()).isEqualTo(new ListenerConfig(false, "0.0.0.0", 15347,
                StartTlsPolicy.REQUIRED));
    }

    @Test
    void overridesAndEnvironmentSetComponentsAsYaml() {
        XmppdConfig config = ConfigLoader.load(null, List.of("components={gw.localhost: {secret: abc}}"),
                Map.of("XMPPD_LISTENERS_COMPONENT_PORT", "0"));

        assertThat(config.components().domains()).containsOnlyKeys("gw.localhost");
        assertThat(config.components().listener().port()).isZero();
    }

    @Test
    void theSecretIsNotInToString() {
        assertThat(new ComponentConfig("hunter2", "x").toString()).doesNotContain("hunter2");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("components:\n  gw.localhost: {}\n",
                        "conf/xmppd.yml:2: components.gw.localhost.secret: missing"
                                + " (expected: the component's shared secret)"),
                Arguments.of("components:\n  gw.localhost:\n    secret: ''\n",
                        "conf/xmppd.yml:3: components.gw.localhost.secret: \"\" (expected: a non-empty string,"
                                + " or null)"),
                Arguments.of("hosts: [localhost]\ncomponents:\n  localhost: { secret: x }\n",
                        "conf/xmppd.yml:3: components.localhost: localhost (expected: a domain that is not one of"
                                + " hosts; localhost is a host)"),
                Arguments.of("components:\n  user@gw.localhost: { secret: x }\n",
                        "conf/xmppd.yml:2: components.user@gw.localhost: user@gw.localhost (expected: a domain"
                                + " name, without localpart or resource)"),
                Arguments.of("components:\n  gw.localhost: { secret: x, port: 5347 }\n",
                        "conf/xmppd.yml:2: components.gw.localhost.port: unknown key (expected one of: secret,"
                                + " name)"),
                Arguments.of("components:\n  gw.localhost: s3cret\n",
                        "conf/xmppd.yml:2: components.gw.localhost: a scalar (expected: a mapping)"),
                Arguments.of("components: [gw.localhost]\n",
                        "conf/xmppd.yml:1: components: a list (expected: a mapping)"),
                Arguments.of("listeners:\n  component: { starttls: optional }\n",
                        "conf/xmppd.yml:2: listeners.component.starttls: unknown key"
                                + " (expected one of: enabled, address, port)"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void mistakesNameFileLineAndKey(String yaml, String message) throws IOException {
        String file = dir.resolve("conf/xmppd.yml").toString();

        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage().replace(file, "conf/xmppd.yml")).startsWith(message));
    }
}
