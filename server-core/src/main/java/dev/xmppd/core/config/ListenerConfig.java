package dev.xmppd.core.config;

/**
 * One listening socket.
 *
 * @param enabled false to not open it ({@code enabled: false})
 * @param address the address to bind, or {@code null} for all interfaces
 * @param port the TCP port; 0 picks a free one (tests)
 * @param starttls for plaintext listeners: whether STARTTLS is required before authentication
 */
public record ListenerConfig(boolean enabled, String address, int port, StartTlsPolicy starttls) {

    public ListenerConfig withPort(int newPort) {
        return new ListenerConfig(enabled, address, newPort, starttls);
    }

    public ListenerConfig withStarttls(StartTlsPolicy policy) {
        return new ListenerConfig(enabled, address, port, policy);
    }
}
