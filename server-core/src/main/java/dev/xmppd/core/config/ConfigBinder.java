package dev.xmppd.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Binds a merged configuration tree to {@link XmppdConfig} by hand (no reflection), key by key, with the defaults
 * of each record's {@code defaults()} and the range checks an operator needs to see before the server starts.
 */
final class ConfigBinder {
    private static final Map<String, StartTlsPolicy> STARTTLS = choices(List.of("required", "optional"),
            List.of(StartTlsPolicy.REQUIRED, StartTlsPolicy.OPTIONAL));
    private static final List<String> STORAGE_TYPES = List.of("h2", "postgresql", "memory");
    private static final List<String> S2S_AUTH = List.of(S2sConfig.AUTH_DIALBACK_ALLOWED,
            S2sConfig.AUTH_CERTIFICATES);
    private static final int PORT_MAX = 65535;
    /** RFC 6120 §13.12: a server must accept stanzas of at least 10000 bytes. */
    private static final int MIN_STANZA_BYTES = 10_000;
    /** RFC 7677 §4: the iteration count SHOULD be at least 4096. */
    private static final int MIN_SCRAM_ITERATIONS = 4096;

    private ConfigBinder() {
    }

    static XmppdConfig bind(ConfigNode tree) {
        Section root = Section.root(tree);
        XmppdConfig d = XmppdConfig.defaults();
        List<String> hosts = root.strings("hosts", d.hosts(), Checks.once(Checks::domain));
        if (hosts.isEmpty()) {
            throw root.missing("hosts", "at least one host");
        }
        Path data = root.file("data", d.data());
        return new XmppdConfig(hosts, data,
                listeners(root.section("listeners")),
                tls(root.section("tls")),
                storage(root.section("storage"), data),
                auth(root.section("auth")),
                new RegistrationConfig(root.section("registration").bool("enabled", d.registration().enabled())),
                root.strings("admins", d.admins(), Checks.once(Checks::bareJid)),
                root.strings("modules", d.modules(), Checks.once(Checks::moduleName)),
                limits(root.section("limits")),
                s2s(root.section("s2s")),
                upload(root.section("upload")),
                components(root, hosts),
                push(root.section("push")),
                websocket(root.section("websocket")),
                proxy65(root.section("proxy65")),
                contact(root.section("contact")),
                turn(root.section("turn")),
                bosh(root.section("bosh")));
    }

    /**
     * {@code components} and {@code listeners.component}, which is on by default exactly when a component is
     * configured. A component's domain must not be a host: the router would not know which of the two to serve.
     */
    private static ComponentsConfig components(Section root, List<String> hosts) {
        Map<String, Section> sections = root.sections("components", text -> {
            String domain = Checks.domain(text);
            if (hosts.contains(domain)) {
                throw new IllegalArgumentException("a domain that is not one of hosts; " + domain + " is a host");
            }
            return domain;
        }, ConfigKeys.COMPONENT_KEYS);
        Map<String, ComponentConfig> domains = new LinkedHashMap<>();
        sections.forEach((domain, s) -> {
            String secret = s.string("secret", null);
            if (secret == null) {
                throw s.missing("secret", "the component's shared secret");
            }
            domains.put(domain, new ComponentConfig(secret, s.string("name", null)));
        });
        ListenerConfig d = ComponentsConfig.LISTENER;
        Section s = root.section("listeners").section("component");
        ListenerConfig listener = new ListenerConfig(s.bool("enabled", !domains.isEmpty()),
                s.string("address", d.address()), s.integer("port", d.port(), 0, PORT_MAX), d.starttls());
        return new ComponentsConfig(listener, domains);
    }

    private static ListenersConfig listeners(Section s) {
        ListenersConfig d = ListenersConfig.defaults();
        return new ListenersConfig(listener(s.section("c2s"), d.c2s()), listener(s.section("c2s-tls"), d.c2sTls()),
                listener(s.section("s2s"), d.s2s()), listener(s.section("s2s-tls"), d.s2sTls()),
                listener(s.section("http"), d.http()), listener(s.section("https"), d.https()));
    }

    private static ListenerConfig listener(Section s, ListenerConfig d) {
        // The starttls key is only known (ConfigKeys) for plaintext listeners; elsewhere it keeps its default.
        return new ListenerConfig(s.bool("enabled", d.enabled()), s.string("address", d.address()),
                s.integer("port", d.port(), 0, PORT_MAX), s.choice("starttls", d.starttls(), STARTTLS));
    }

    private static TlsConfig tls(Section s) {
        Path cert = s.file("cert", null);
        Path key = s.file("key", null);
        if (cert == null && key != null) {
            throw s.missing("cert", "tls.cert and tls.key together, or neither");
        }
        if (cert != null && key == null) {
            throw s.missing("key", "tls.cert and tls.key together, or neither");
        }
        return cert == null ? TlsConfig.defaults() : new TlsConfig(cert, key);
    }

    private static StorageConfig storage(Section s, Path data) {
        StorageConfig d = StorageConfig.defaults();
        String type = s.choice("type", d.type(), choices(STORAGE_TYPES, STORAGE_TYPES));
        // The embedded database lives in the data directory unless placed elsewhere explicitly.
        String path = s.string("path", data.resolve("xmppd").toString());
        boolean postgresql = type.equals("postgresql");
        String url = s.string("url", d.url(), postgresql ? Checks::postgresqlUrl : UnaryOperator.identity());
        if (postgresql && url == null) {
            throw s.missing("url", "a JDBC URL such as jdbc:postgresql://localhost/xmppd, for type postgresql");
        }
        return new StorageConfig(type, path, url, s.string("user", d.user()), s.string("password", d.password()),
                s.integer("pool-size", d.poolSize(), 1, 1000));
    }

    private static AuthConfig auth(Section s) {
        AuthConfig d = AuthConfig.defaults();
        return new AuthConfig(s.bool("plain-without-tls", d.plainWithoutTls()),
                s.integer("scram-iterations", d.scramIterations(), MIN_SCRAM_ITERATIONS, Integer.MAX_VALUE),
                s.integer("max-attempts", d.maxAttempts(), 1, 100));
    }

    private static LimitsConfig limits(Section s) {
        LimitsConfig d = LimitsConfig.defaults();
        int max = Integer.MAX_VALUE;
        return new LimitsConfig(
                s.integer("c2s-stanza-bytes", d.c2sStanzaBytes(), MIN_STANZA_BYTES, max),
                s.integer("s2s-stanza-bytes", d.s2sStanzaBytes(), MIN_STANZA_BYTES, max),
                s.integer("xml-depth", d.xmlDepth(), 2, max),
                // A stream header alone carries up to 7 attributes (RFC 6120 §4.7).
                s.integer("attributes-per-element", d.attributesPerElement(), 8, max),
                s.integer("connections-per-ip", d.connectionsPerIp(), 1, max),
                s.integer("auth-failures-per-ip", d.authFailuresPerIp(), 1, max),
                s.duration("unauthenticated-timeout", d.unauthenticatedTimeout()),
                s.duration("idle-timeout", d.idleTimeout()),
                s.integer("bytes-per-second", d.bytesPerSecond(), 1024, max),
                s.integer("output-buffer-bytes", d.outputBufferBytes(), 65_536, max),
                s.duration("sm-resume-timeout", d.smResumeTimeout()),
                s.integer("sm-unacked-stanzas", d.smUnackedStanzas(), 10, 100_000),
                s.integer("csi-queued-stanzas", d.csiQueuedStanzas(), 0, 100_000));
    }

    private static S2sConfig s2s(Section s) {
        S2sConfig d = S2sConfig.defaults();
        List<Path> ca = s.strings("ca", List.of(), Checks::path).stream().map(Path::of).toList();
        return new S2sConfig(s.choice("auth", d.auth(), choices(S2S_AUTH, S2S_AUTH)), ca,
                s.stringMap("routes", Checks::domain, Checks::route),
                s.duration("connect-timeout", d.connectTimeout()), s.duration("idle-timeout", d.idleTimeout()),
                s.integer("queue-stanzas", d.queueStanzas(), 1, 1_000_000),
                s.integer("streams-per-domain", d.streamsPerDomain(), 1, 10_000), s.bool("bidi", d.bidi()));
    }

    private static UploadConfig upload(Section s) {
        UploadConfig d = UploadConfig.defaults();
        return new UploadConfig(s.string("url-base", d.urlBase(), Checks::httpUrl),
                s.longInteger("max-file-bytes", d.maxFileBytes(), 1, Long.MAX_VALUE),
                s.longInteger("quota-bytes", d.quotaBytes(), 1, Long.MAX_VALUE),
                s.durationOrZero("expire-after", d.expireAfter()));
    }

    private static Proxy65Config proxy65(Section s) {
        Proxy65Config d = Proxy65Config.defaults();
        return new Proxy65Config(s.string("address", d.address()), s.integer("port", d.port(), 0, PORT_MAX),
                s.string("public-host", d.publicHost(), Checks::host));
    }

    private static ContactConfig contact(Section s) {
        ContactConfig d = ContactConfig.defaults();
        return new ContactConfig(s.strings("abuse", d.abuse(), Checks::uri),
                s.strings("admin", d.admin(), Checks::uri),
                s.strings("feedback", d.feedback(), Checks::uri), s.strings("sales", d.sales(), Checks::uri),
                s.strings("security", d.security(), Checks::uri), s.strings("status", d.status(), Checks::uri),
                s.strings("support", d.support(), Checks::uri));
    }

    private static TurnConfig turn(Section s) {
        TurnConfig d = TurnConfig.defaults();
        return new TurnConfig(s.string("host", d.host(), Checks::host), s.integer("port", d.port(), 1, PORT_MAX),
                s.integer("tls-port", d.tlsPort(), 0, PORT_MAX), s.string("secret", d.secret()),
                s.duration("credentials-ttl", d.credentialsTtl()));
    }

    private static PushConfig push(Section s) {
        PushConfig d = PushConfig.defaults();
        return new PushConfig(s.bool("include-body", d.includeBody()),
                s.integer("max-per-account", d.maxPerAccount(), 1, 1000),
                s.durationOrZero("coalesce", d.coalesce()));
    }

    private static WebSocketConfig websocket(Section s) {
        WebSocketConfig d = WebSocketConfig.defaults();
        return new WebSocketConfig(s.bool("enabled", d.enabled()),
                s.string("url", d.url(), ConfigBinder::webSocketUrl), s.bool("behind-tls-proxy", d.behindTlsProxy()));
    }

    private static BoshConfig bosh(Section s) {
        BoshConfig d = BoshConfig.defaults();
        return new BoshConfig(s.bool("enabled", d.enabled()), s.string("url", d.url(), ConfigBinder::boshUrl),
                s.duration("max-wait", d.maxWait()), s.duration("inactivity", d.inactivity()));
    }

    private static String boshUrl(String text) {
        return url(text, "https", "http", "an https:// URL", "https://example.com/http-bind");
    }

    private static String webSocketUrl(String text) {
        return url(text, "wss", "ws", "a wss:// URL", "wss://example.com/xmpp-websocket");
    }

    /**
     * An absolute URL with {@code scheme} (or its plain {@code otherScheme}) and a host, and no fragment.
     *
     * @param kind what the message calls it, e.g. {@code a wss:// URL}
     * @param example a URL to show in the message
     */
    private static String url(String text, String scheme, String otherScheme, String kind, String example) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(kind + "; " + e.getReason());
        }
        if (!(scheme.equals(uri.getScheme()) || otherScheme.equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(kind + " such as " + example);
        }
        return text;
    }

    /** Names to values, in the order of the messages. */
    private static <E> Map<String, E> choices(List<String> names, List<E> values) {
        Map<String, E> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return Collections.unmodifiableMap(map);
    }
}
