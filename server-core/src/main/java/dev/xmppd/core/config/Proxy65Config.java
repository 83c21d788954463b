package dev.xmppd.core.config;

/**
 * The SOCKS5 bytestreams proxy, XEP-0065 (YAML {@code proxy65}), each with its YAML key. It listens only while the
 * module {@code proxy65} is enabled, and serves {@code proxy.<host>} for every host.
 *
 * @param address {@code address}: the interface to listen on; {@code null} (default): all interfaces
 * @param port {@code port}: the TCP port clients connect to (7777, as ejabberd and Openfire use)
 * @param publicHost {@code public-host}: the host name or IP address clients are told to connect to, e.g. the public
 *     address of a machine behind NAT; {@code null} (default): {@code address} if set, else each XMPP domain (which
 *     must then resolve to this machine)
 */
public record Proxy65Config(String address, int port, String publicHost) {

    public static Proxy65Config defaults() {
        return new Proxy65Config(null, 7777, null);
    }

    /** The host name or address clients of {@code domain} are told to connect to. */
    public String hostFor(String domain) {
        if (publicHost != null) {
            return publicHost;
        }
        return address != null ? address : domain;
    }
}
