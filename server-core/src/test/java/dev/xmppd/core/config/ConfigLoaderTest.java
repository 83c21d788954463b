package dev.xmppd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void createConfDirectory() throws IOException {
        file = Files.createDirectories(dir.resolve("conf")).resolve("xmppd.yml");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("limits:\n  xml-depth: 0\n", "conf/xmppd.yml:2: limits.xml-depth: 0 (expected: >= 2)"),
                Arguments.of("hosts: [localhost]\nlisteners:\n  c2s:\n    prot: 5222\n",
                        "conf/xmppd.yml:4: listeners.c2s.prot: unknown key"
                                + " (expected one of: enabled, address, port, starttls)"),
                Arguments.of("listeners:\n  c2s-tls: {starttls: optional}\n",
                        "conf/xmppd.yml:2: listeners.c2s-tls.starttls: unknown key"
                                + " (expected one of: enabled, address, port)"),
                Arguments.of("colour: blue\n", "conf/xmppd.yml:1: colour: unknown key (expected one of: hosts, data,"
                        + " listeners, tls, storage, auth, registration, admins, modules, limits, s2s, components,"
                        + " upload, push, websocket, bosh, proxy65, contact, turn)"),
                Arguments.of("hosts: [localhost\nadmins: []\n",
                        "conf/xmppd.yml:2: invalid YAML: expected ',' or ']', but got : (column 7)"),
                Arguments.of("hosts: [a]\nhosts: [b]\n", "conf/xmppd.yml:2: hosts: duplicate key"),
                Arguments.of("- localhost\n", "conf/xmppd.yml:1: (root): a list (expected: a mapping)"),
                Arguments.of("listeners:\n  s2s:\n    port: 70000\n",
                        "conf/xmppd.yml:3: listeners.s2s.port: 70000 (expected: 0..65535)"),
                Arguments.of("listeners:\n  c2s:\n    port: five\n",
                        "conf/xmppd.yml:3: listeners.c2s.port: five (expected: an integer)"),
                Arguments.of("listeners:\n  c2s: {starttls: maybe}\n",
                        "conf/xmppd.yml:2: listeners.c2s.starttls: maybe (expected one of: required, optional)"),
                Arguments.of("listeners:\n  http: [5280]\n",
                        "conf/xmppd.yml:2: listeners.http: a list (expected: a mapping)"),
                Arguments.of("registration:\n  enabled: maybe\n",
                        "conf/xmppd.yml:2: registration.enabled: maybe (expected: true or false)"),
                Arguments.of("hosts: []\n", "conf/xmppd.yml:1: hosts: missing (expected: at least one host)"),
                Arguments.of("hosts:\n  - a.test\n  - user@a.test\n",
                        "conf/xmppd.yml:3: hosts[1]: user@a.test (expected: a domain name, without localpart or resource)"),
                Arguments.of("hosts: [a.test/r]\n",
                        "conf/xmppd.yml:1: hosts[0]: a.test/r (expected: a domain name, without localpart or resource)"),
                Arguments.of("hosts: ['a.test', 'a b']\n",
                        "conf/xmppd.yml:1: hosts[1]: a b (expected: a domain name; " + jidError("a b") + ")"),
                Arguments.of("hosts: [a.test, A.TEST]\n",
                        "conf/xmppd.yml:1: hosts[1]: A.TEST (expected: each value once; a.test is listed before)"),
                Arguments.of("hosts: [a.test, {b: c}]\n",
                        "conf/xmppd.yml:1: hosts[1]: a mapping (expected: a non-empty string)"),
                Arguments.of("admins: ['@a.test']\n",
                        "conf/xmppd.yml:1: admins[0]: @a.test (expected: a bare JID; " + jidError("@a.test") + ")"),
                Arguments.of("admins: [a@a.test/r]\n",
                        "conf/xmppd.yml:1: admins[0]: a@a.test/r (expected: a bare JID, without resource)"),
                Arguments.of("modules: [ping, Disco]\n",
                        "conf/xmppd.yml:1: modules[1]: Disco (expected: a module name such as ping)"),
                Arguments.of("storage:\n  type: mysql\n",
                        "conf/xmppd.yml:2: storage.type: mysql (expected one of: h2, postgresql, memory)"),
                Arguments.of("storage:\n  type: postgresql\n  user: xmppd\n",
                        "conf/xmppd.yml:2: storage.url: missing (expected: a JDBC URL such as"
                                + " jdbc:postgresql://localhost/xmppd, for type postgresql)"),
                Arguments.of("storage:\n  type: postgresql\n  url: jdbc:mysql://db/x\n",
                        "conf/xmppd.yml:3: storage.url: jdbc:mysql://db/x"
                                + " (expected: a URL starting with jdbc:postgresql:)"),
                Arguments.of("storage: {pool-size: 0}\n",
                        "conf/xmppd.yml:1: storage.pool-size: 0 (expected: 1..1000)"),
                Arguments.of("auth:\n  scram-iterations: 1000\n",
                        "conf/xmppd.yml:2: auth.scram-iterations: 1000 (expected: >= 4096)"),
                Arguments.of("limits:\n  c2s-stanza-bytes: 9999\n",
                        "conf/xmppd.yml:2: limits.c2s-stanza-bytes: 9999 (expected: >= 10000)"),
                Arguments.of("limits:\n  idle-timeout: 10 minutes\n",
                        "conf/xmppd.yml:2: limits.idle-timeout: 10 minutes"
                                + " (expected: a duration such as 500ms, 60s, 10m, 1h or PT1M)"),
                Arguments.of("limits:\n  unauthenticated-timeout: 0s\n",
                        "conf/xmppd.yml:2: limits.unauthenticated-timeout: 0s (expected: > 0)"),
                Arguments.of("tls:\n  cert: conf/cert.pem\n",
                        "conf/xmppd.yml:2: tls.key: missing (expected: tls.cert and tls.key together, or neither)"),
                Arguments.of("tls: {cert: '', key: k.pem}\n",
                        "conf/xmppd.yml:1: tls.cert: \"\" (expected: a non-empty string, or null)"),
                Arguments.of("s2s:\n  auth: trust-everyone\n", "conf/xmppd.yml:2: s2s.auth: trust-everyone"
                        + " (expected one of: dialback-allowed, certificates)"),
                Arguments.of("s2s:\n  routes:\n    b.test: 127.0.0.3\n",
                        "conf/xmppd.yml:3: s2s.routes.b.test: 127.0.0.3 (expected: host:port, or tls://host:port)"),
                Arguments.of("s2s:\n  routes:\n    b.test: https://b.test:5269\n", "conf/xmppd.yml:3: s2s.routes.b.test:"
                        + " https://b.test:5269 (expected: host:port, with an IPv6 address in brackets,"
                        + " or tls://host:port, with an IPv6 address in brackets)"),
                Arguments.of("s2s:\n  connect-timeout: 0s\n", "conf/xmppd.yml:2: s2s.connect-timeout: 0s (expected: > 0)"),
                Arguments.of("s2s:\n  queue-stanzas: 0\n",
                        "conf/xmppd.yml:2: s2s.queue-stanzas: 0 (expected: 1..1000000)"),
                Arguments.of("s2s:\n  streams-per-domain: -1\n",
                        "conf/xmppd.yml:2: s2s.streams-per-domain: -1 (expected: 1..10000)"),
                Arguments.of("listeners:\n  s2s-tls:\n    starttls: optional\n", "conf/xmppd.yml:3:"
                        + " listeners.s2s-tls.starttls: unknown key (expected one of: enabled, address, port)"),
                Arguments.of("s2s:\n  routes:\n    b.test: ::1:5269\n", "conf/xmppd.yml:3: s2s.routes.b.test:"
                        + " ::1:5269 (expected: host:port, with an IPv6 address in brackets, or tls://host:port, with an IPv6"
                        + " address in brackets)"),
                Arguments.of("s2s:\n  routes:\n    b.test: host:0\n",
                        "conf/xmppd.yml:3: s2s.routes.b.test: host:0 (expected: host:port, with a port in 1..65535,"
                        + " or tls://host:port, with a port in 1..65535)"),
                Arguments.of("s2s:\n  routes:\n    u@b.test: host:5269\n", "conf/xmppd.yml:3: s2s.routes.u@b.test:"
                        + " u@b.test (expected: a domain name, without localpart or resource)"),
                Arguments.of("proxy65:\n  port: 70000\n", "conf/xmppd.yml:2: proxy65.port: 70000 (expected: 0..65535)"),
                Arguments.of("proxy65:\n  public-host: 'http://x'\n", "conf/xmppd.yml:2: proxy65.public-host:"
                        + " http://x (expected: a host name or an IP address such as 203.0.113.7 or 2001:db8::7)"),
                Arguments.of("contact:\n  abuse: [abuse@example.com]\n", "conf/xmppd.yml:2: contact.abuse[0]:"
                        + " abuse@example.com (expected: a URI with a scheme, such as mailto:abuse@example.com,"
                        + " xmpp:admin@example.com or https://example.com/contact)"),
                Arguments.of("hosts: &x [*x]\n", "conf/xmppd.yml:1: hosts" + "[0]".repeat(32)
                        + ": nested too deeply (expected: <= 32 levels)"));
    }

    /** The reason the JID parser gives, which these messages carry. */
    private static String jidError(String address) {
        try {
            Jid.parse(address);
        } catch (JidFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("valid: " + address);
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void rejectsBadFileWithFileLineAndKey(String yaml, String expected) throws IOException {
        // Setup test fixture
        Files.writeString(file, yaml);

        // Execute system under test, verify results
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> relative(e.getMessage()))
                .isEqualTo(expected);
    }

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of(List.of("limits.xml-depth=0"), Map.of(),
                        "--set limits.xml-depth=0: limits.xml-depth: 0 (expected: >= 2)"),
                Arguments.of(List.of("listeners.c2s.prot=1"), Map.of(), "--set listeners.c2s.prot=1:"
                        + " listeners.c2s.prot: unknown key (expected one of: enabled, address, port, starttls)"),
                Arguments.of(List.of("registration.enabled"), Map.of(), "--set registration.enabled: missing ="
                        + " (expected: key.path=value, e.g. registration.enabled=true)"),
                Arguments.of(List.of("limits..xml-depth=3"), Map.of(), "--set limits..xml-depth=3: limits..xml-depth:"
                        + " empty key (expected: a key path such as limits.xml-depth)"),
                Arguments.of(List.of("hosts=[a.test"), Map.of(), "--set hosts=[a.test: invalid YAML:"
                        + " expected ',' or ']', but got <stream end> (column 8)"),
                Arguments.of(List.of("storage.type=postgresql"), Map.of(), "--set storage.type=postgresql:"
                        + " storage.url: missing (expected: a JDBC URL such as jdbc:postgresql://localhost/xmppd,"
                        + " for type postgresql)"),
                Arguments.of(List.of(), Map.of("XMPPD_LIMITS_XML_DEPTH", "1"),
                        "XMPPD_LIMITS_XML_DEPTH: limits.xml-depth: 1 (expected: >= 2)"),
                Arguments.of(List.of(), Map.of("XMPPD_REGISTRATION", "true"),
                        "XMPPD_REGISTRATION: registration: true (expected: a mapping)"),
                Arguments.of(List.of(), Map.of("XMPPD_REGISTER_ENABLED", "true"), "XMPPD_REGISTER_ENABLED: unknown"
                        + " variable (expected: XMPPD_ and a key path in upper case, with . and - as _,"
                        + " e.g. XMPPD_REGISTRATION_ENABLED)"));
    }

    @ParameterizedTest
    @MethodSource("badOverrides")
    void rejectsBadOverrideNamingIt(List<String> settings, Map<String, String> env, String expected) {
        assertThatThrownBy(() -> ConfigLoader.load(null, settings, env))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of(), Map.of()))
                .hasMessage(file + ": no such file");
    }

    @Test
    void emptyFileAndNoFileGiveTheDefaults() throws IOException {
        Files.writeString(file, "# nothing\n");

        assertThat(ConfigLoader.load(file, List.of(), Map.of())).isEqualTo(XmppdConfig.defaults());
        assertThat(ConfigLoader.load(null, List.of(), Map.of())).isEqualTo(XmppdConfig.defaults());
    }

    @Test
    void shippedConfigurationStatesEveryDefault() {
        // The operator file conf/xmppd.yml must serve localhost with no edits and document the real defaults.
        Path shipped = Path.of("../conf/xmppd.yml");

        assertThat(ConfigLoader.load(shipped, List.of(), Map.of())).isEqualTo(XmppdConfig.defaults());
    }

    @Test
    void bindsEveryKey() throws IOException {
        // Setup test fixture
        Files.writeString(file, """
                hosts: [Example.COM, chat.example.com]
                data: /var/lib/xmppd
                listeners:
                  c2s: {address: 127.0.0.1, port: 15222, starttls: optional}
                  c2s-tls: {enabled: no}
                  s2s: {port: 0}
                  s2s-tls: {address: "::1", port: 15270}
                  http: {enabled: true, port: 15280}
                  https: {enabled: false}
                tls: {cert: conf/cert.pem, key: conf/key.pem}
                storage:
                  type: postgresql
                  url: jdbc:postgresql://db/xmppd
                  user: xmppd
                  password: "s3cret: yes"
                  pool-size: 8
                auth: {plain-without-tls: true, scram-iterations: 10000, max-attempts: 5}
                registration: {enabled: true}
                admins: [Admin@example.com]
                modules: [disco, ping, roster]
                limits:
                  c2s-stanza-bytes: 65_536
                  s2s-stanza-bytes: 131072
                  xml-depth: 16
                  attributes-per-element: 32
                  connections-per-ip: 10
                  auth-failures-per-ip: 5
                  unauthenticated-timeout: 500ms
                  idle-timeout: PT2H
                  bytes-per-second: 4096
                  output-buffer-bytes: 1000000
                s2s:
                  auth: certificates
                  ca: [conf/ca.pem]
                  routes: {b.test: "127.0.0.3:5269", c.test: "tls://[::1]:5270"}
                  connect-timeout: 5s
                  idle-timeout: 1h
                  queue-stanzas: 50
                  streams-per-domain: 3
                upload: {url-base: "https://files.example.com/", max-file-bytes: 3_000_000_000, quota-bytes: 1000,
                         expire-after: 0}
                """);

        // Execute system under test
        XmppdConfig config = ConfigLoader.load(file, List.of(), Map.of());

        // Verify results
        assertThat(config).isEqualTo(new XmppdConfig(List.of("example.com", "chat.example.com"),
                Path.of("/var/lib/xmppd"),
                new ListenersConfig(new ListenerConfig(true, "127.0.0.1", 15222, StartTlsPolicy.OPTIONAL),
                        new ListenerConfig(false, null, 5223, StartTlsPolicy.REQUIRED),
                        new ListenerConfig(true, null, 0, StartTlsPolicy.REQUIRED),
                        new ListenerConfig(true, "::1", 15270, StartTlsPolicy.REQUIRED),
                        new ListenerConfig(true, null, 15280, StartTlsPolicy.REQUIRED)),
                new TlsConfig(Path.of("conf/cert.pem"), Path.of("conf/key.pem")),
                new StorageConfig("postgresql", "/var/lib/xmppd/xmppd", "jdbc:postgresql://db/xmppd", "xmppd",
                        "s3cret: yes", 8),
                new AuthConfig(true, 10000, 5), new RegistrationConfig(true), List.of("admin@example.com"),
                List.of("disco", "ping", "roster"),
                new LimitsConfig(65536, 131072, 16, 32, 10, 5, Duration.ofMillis(500), Duration.ofHours(2), 4096,
                        1000000),
                new S2sConfig("certificates", List.of(Path.of("conf/ca.pem")),
                        Map.of("b.test", "127.0.0.3:5269", "c.test", "tls://[::1]:5270"), Duration.ofSeconds(5),
                        Duration.ofHours(1), 50, 3),
                new UploadConfig("https://files.example.com", 3_000_000_000L, 1000, Duration.ZERO)));
    }

    @Test
    void bindsTheBytestreamsProxyAndTellsClientsWhereToConnect() throws IOException {
        Files.writeString(file, "proxy65: {address: 192.0.2.1, port: 17777}\n");

        Proxy65Config bound = ConfigLoader.load(file, List.of(), Map.of()).proxy65();
        Proxy65Config behindNat = ConfigLoader.load(file, List.of("proxy65.public-host=2001:db8::7"), Map.of())
                .proxy65();

        assertThat(bound).isEqualTo(new Proxy65Config("192.0.2.1", 17777, null));
        assertThat(bound.hostFor("example.com")).isEqualTo("192.0.2.1");
        assertThat(behindNat.hostFor("example.com")).isEqualTo("2001:db8::7");
        assertThat(Proxy65Config.defaults().hostFor("example.com")).isEqualTo("example.com");
    }

    @Test
    void bindsContactAddresses() throws IOException {
        Files.writeString(file, "admins: [boss@example.com]\ncontact:\n  abuse: mailto:abuse@example.com\n"
                + "  status: [https://status.example.com, xmpp:status@example.com]\n");

        XmppdConfig config = ConfigLoader.load(file, List.of(), Map.of());
        XmppdConfig noAdmins = ConfigLoader.load(file, List.of("contact.admin=[]"), Map.of());

        assertThat(config.contact().fields(config.admins())).containsExactly(
                Map.entry("abuse-addresses", List.of("mailto:abuse@example.com")),
                Map.entry("admin-addresses", List.of("xmpp:boss@example.com")),
                Map.entry("status-addresses", List.of("https://status.example.com", "xmpp:status@example.com")));
        assertThat(noAdmins.contact().fields(noAdmins.admins())).doesNotContainKey("admin-addresses");
    }

    @Test
    void setOverridesReadValuesAsYaml() {
        XmppdConfig config = ConfigLoader.load(null, List.of("hosts=[example.test]",
                "s2s.routes={b.test: \"127.0.0.3:5269\"}", "s2s.routes.c.test=127.0.0.4:5269",
                "registration.enabled=true", "listeners.c2s.starttls=optional", "auth.plain-without-tls=true",
                "limits.idle-timeout=1h", "storage.password=p@ss: word"), Map.of());

        assertThat(config.hosts()).containsExactly("example.test");
        assertThat(config.s2s().routes()).isEqualTo(Map.of("b.test", "127.0.0.3:5269", "c.test", "127.0.0.4:5269"));
        assertThat(config.registration().enabled()).isTrue();
        assertThat(config.listeners().c2s().starttls()).isEqualTo(StartTlsPolicy.OPTIONAL);
        assertThat(config.auth().plainWithoutTls()).isTrue();
        assertThat(config.limits().idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.storage().password()).isEqualTo("p@ss: word");
    }

    @Test
    void setMergesMappingsAndNullRestoresTheDefault() throws IOException {
        Files.writeString(file, "listeners:\n  c2s: {address: 127.0.0.1, port: 1}\ntls: {cert: c.pem, key: k.pem}\n");

        XmppdConfig config = ConfigLoader.load(file, List.of("listeners.c2s={port: 2}", "tls.cert=~", "tls.key=null"),
                Map.of());

        assertThat(config.listeners().c2s()).isEqualTo(new ListenerConfig(true, "127.0.0.1", 2,
                StartTlsPolicy.REQUIRED));
        assertThat(config.tls()).isEqualTo(TlsConfig.defaults());
    }

    @Test
    void environmentNamesResolveAgainstKnownKeys() {
        XmppdConfig config = ConfigLoader.load(null, List.of(), Map.of(
                "XMPPD_AUTH_PLAIN_WITHOUT_TLS", "true",
                "XMPPD_LISTENERS_C2S_TLS_PORT", "15223",
                "XMPPD_LISTENERS_C2S", "{port: 1, address: '::1'}",
                "XMPPD_LISTENERS_C2S_PORT", "15222",
                "XMPPD_HOSTS", "example.test",
                "XMPPD_LISTENERS_S2S_TLS_ENABLED", "false",
                "XMPPD_HOME", "/opt/xmppd", "XMPPD_OPTS", "-Xmx1g", "XMPPD_CONFIG", "conf/other.yml",
                "PATH", "/usr/bin"));

        assertThat(config.auth().plainWithoutTls()).isTrue();
        assertThat(config.listeners().c2sTls().port()).isEqualTo(15223);
        assertThat(config.listeners().c2s().port()).isEqualTo(15222);
        assertThat(config.listeners().c2s().address()).isEqualTo("::1");
        assertThat(config.listeners().c2s().port()).isEqualTo(15222);
        assertThat(config.hosts()).containsExactly("example.test");
        assertThat(config.listeners().s2sTls().enabled()).isFalse();
        assertThat(config.listeners().s2s().enabled()).isTrue();
    }

    @Test
    void precedenceIsFileThenEnvironmentThenSet() throws IOException {
        Files.writeString(file, "limits: {xml-depth: 10, attributes-per-element: 10, connections-per-ip: 10}\n");

        LimitsConfig limits = ConfigLoader.load(file, List.of("limits.connections-per-ip=30"),
                Map.of("XMPPD_LIMITS_ATTRIBUTES_PER_ELEMENT", "20", "XMPPD_LIMITS_CONNECTIONS_PER_IP", "20")).limits();

        assertThat(limits.xmlDepth()).isEqualTo(10);
        assertThat(limits.attributesPerElement()).isEqualTo(20);
        assertThat(limits.connectionsPerIp()).isEqualTo(30);
    }

    @Test
    void everyKeyPathHasItsOwnVariable() {
        assertThat(ConfigKeys.BY_ENV_NAME).hasSize(ConfigLoader.keyPaths().size());
        assertThat(ConfigKeys.BY_ENV_NAME).containsEntry("XMPPD_LISTENERS_C2S_TLS_PORT", "listeners.c2s-tls.port")
                .containsEntry("XMPPD_LIMITS_XML_DEPTH", "limits.xml-depth");
    }

    @Test
    void storagePathFollowsTheDataDirectoryUnlessSet() {
        assertThat(ConfigLoader.load(null, List.of("data=/srv/x"), Map.of()).storage().path())
                .isEqualTo("/srv/x/xmppd");
        assertThat(ConfigLoader.load(null, List.of("data=/srv/x", "storage.path=db/main"), Map.of()).storage().path())
                .isEqualTo("db/main");
    }

    private String relative(String message) {
        return message.replace(file.toString(), "conf/xmppd.yml");
    }
}
