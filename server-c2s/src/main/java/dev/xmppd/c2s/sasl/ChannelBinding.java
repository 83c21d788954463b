package dev.xmppd.c2s.sasl;

import java.util.List;

/**
 * The channel bindings a connection offers to the SCRAM {@code -PLUS} mechanisms (RFC 5056, RFC 5802 §6): for TLS
 * {@code tls-exporter} (RFC 9266) and {@code tls-server-end-point} (RFC 5929 §4). Created by
 * {@code dev.xmppd.c2s.tls.TlsChannelBinding} after the TLS handshake.
 */
public interface ChannelBinding {

    /** No channel binding: a plain connection, so no {@code -PLUS} mechanism is offered. */
    ChannelBinding NONE = new ChannelBinding() {
        @Override
        public List<String> types() {
            return List.of();
        }

        @Override
        public byte[] data(String type) {
            return null;
        }

        @Override
        public String toString() {
            return "ChannelBinding.NONE";
        }
    };

    /** The supported types in order of preference, e.g. {@code [tls-exporter, tls-server-end-point]}. */
    List<String> types();

    /** The binding data of a type, or {@code null} if the type is not supported. */
    byte[] data(String type);
}
