package dev.xmppd.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole server configuration, bound from {@code conf/xmppd.yml} (DESIGN.md §8). Immutable; every key has a
 * default, so an empty file serves {@code localhost}.
 *
 * @param hosts the virtual hosts served (YAML {@code hosts})
 * @param data the directory for the embedded database, the generated certificate and other state
 *        (YAML {@code data}, default {@code data})
 * @param admins bare JIDs allowed to run XEP-0133 commands
 * @param modules the modules enabled, by name
 * @param upload HTTP File Upload (XEP-0363)
 * @param components the external components (XEP-0114) and their listener
 * @param push push notifications (XEP-0357)
 * @param websocket XMPP over WebSocket (RFC 7395) and its discovery (XEP-0156)
 * @param proxy65 the SOCKS5 bytestreams proxy (XEP-0065)
 * @param contact the contact addresses published in disco#info (XEP-0157)
 * @param turn the STUN/TURN server announced to clients (XEP-0215)
 * @param bosh XMPP over BOSH (XEP-0124, XEP-0206)
 */
public record XmppdConfig(
        List<String> hosts,
        Path data,
        ListenersConfig listeners,
        TlsConfig tls,
        StorageConfig storage,
        AuthConfig auth,
        RegistrationConfig registration,
        List<String> admins,
        List<String> modules,
        LimitsConfig limits,
        S2sConfig s2s,
        UploadConfig upload,
        ComponentsConfig components,
        PushConfig push,
        WebSocketConfig websocket,
        Proxy65Config proxy65,
        ContactConfig contact,
        TurnConfig turn,
        BoshConfig bosh) {

    /**
     * Every module, in an order where each comes after the modules it needs (disco before adhoc before admin,
     * roster before presence). {@code register} does nothing unless {@code registration.enabled}.
     */
    public static final List<String> DEFAULT_MODULES = List.of("disco", "ping", "roster", "presence", "offline",
            "carbons", "mam", "blocking", "vcard", "private", "last", "version", "time", "caps", "pep", "register",
            "adhoc", "admin", "muc", "upload", "proxy65", "extdisco", "push");

    public XmppdConfig {
        hosts = List.copyOf(hosts);
        admins = List.copyOf(admins);
        modules = List.copyOf(modules);
    }

    /** With the default {@link BoshConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components, PushConfig push,
            WebSocketConfig websocket, Proxy65Config proxy65, ContactConfig contact, TurnConfig turn) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, push, websocket, proxy65, contact, turn, BoshConfig.defaults());
    }

    /** With the default {@link TurnConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components, PushConfig push,
            WebSocketConfig websocket, Proxy65Config proxy65, ContactConfig contact) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, push, websocket, proxy65, contact, TurnConfig.defaults());
    }

    /** With the default {@link ContactConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components, PushConfig push,
            WebSocketConfig websocket, Proxy65Config proxy65) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, push, websocket, proxy65, ContactConfig.defaults());
    }

    /** With the default {@link Proxy65Config}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components, PushConfig push,
            WebSocketConfig websocket) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, push, websocket, Proxy65Config.defaults());
    }

    /** With the default {@link WebSocketConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components, PushConfig push) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, push, WebSocketConfig.defaults());
    }

    /** With the default {@link PushConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload, ComponentsConfig components) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                components, PushConfig.defaults());
    }

    /** Without external components: for callers (tests) written before they existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s, UploadConfig upload) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s, upload,
                ComponentsConfig.defaults());
    }

    /** This configuration with other external components. */
    public XmppdConfig withComponents(ComponentsConfig newComponents) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, newComponents, push, websocket, proxy65, contact, turn, bosh);
    }

    /** With the default {@link UploadConfig}: for callers (tests) written before it existed. */
    public XmppdConfig(List<String> hosts, Path data, ListenersConfig listeners, TlsConfig tls, StorageConfig storage,
            AuthConfig auth, RegistrationConfig registration, List<String> admins, List<String> modules,
            LimitsConfig limits, S2sConfig s2s) {
        this(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                UploadConfig.defaults());
    }

    public static XmppdConfig defaults() {
        return new XmppdConfig(List.of("localhost"), Path.of("data"), ListenersConfig.defaults(), TlsConfig.defaults(),
                StorageConfig.defaults(), AuthConfig.defaults(), RegistrationConfig.defaults(), List.of(),
                DEFAULT_MODULES, LimitsConfig.defaults(), S2sConfig.defaults(), UploadConfig.defaults(),
                ComponentsConfig.defaults(), PushConfig.defaults(), WebSocketConfig.defaults(),
                Proxy65Config.defaults(), ContactConfig.defaults(), TurnConfig.defaults(), BoshConfig.defaults());
    }

    public XmppdConfig withListeners(ListenersConfig newListeners) {
        return new XmppdConfig(hosts, data, newListeners, tls, storage, auth, registration, admins, modules, limits,
                s2s, upload, components, push, websocket, proxy65, contact, turn, bosh);
    }

    public XmppdConfig withUpload(UploadConfig newUpload) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                newUpload, components, push, websocket, proxy65, contact, turn, bosh);
    }

    public XmppdConfig withPush(PushConfig newPush) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, newPush, websocket, proxy65, contact, turn, bosh);
    }

    public XmppdConfig withWebSocket(WebSocketConfig newWebSocket) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, push, newWebSocket, proxy65, contact, turn, bosh);
    }

    public XmppdConfig withProxy65(Proxy65Config newProxy65) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, push, websocket, newProxy65, contact, turn, bosh);
    }

    public XmppdConfig withContact(ContactConfig newContact) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, push, websocket, proxy65, newContact, turn, bosh);
    }

    public XmppdConfig withAdmins(List<String> newAdmins) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, newAdmins, modules, limits,
                s2s, upload, components, push, websocket, proxy65, contact, turn, bosh);
    }

    public XmppdConfig withBosh(BoshConfig newBosh) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, push, websocket, proxy65, contact, turn, newBosh);
    }

    public XmppdConfig withTurn(TurnConfig newTurn) {
        return new XmppdConfig(hosts, data, listeners, tls, storage, auth, registration, admins, modules, limits, s2s,
                upload, components, push, websocket, proxy65, contact, newTurn, bosh);
    }
}
