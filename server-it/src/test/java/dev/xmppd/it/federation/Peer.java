package dev.xmppd.it.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A peer server as the xmppd interop tests see it: where its clients connect, how to start it, and where its log
 * says how an s2s link with xmppd.test authenticated.
 *
 * @param name "prosody" or "ejabberd"
 * @param domain the domain it serves
 * @param address the loopback address of its listeners
 * @param c2sPort its client port
 * @param log the file its s2s log lines go to
 * @param externalIn a line in {@code log} when xmppd.test authenticated to it with SASL EXTERNAL
 * @param dialbackIn a line in {@code log} when xmppd.test authenticated to it with dialback
 */
record Peer(String name, String domain, String address, int c2sPort, Path log, String externalIn,
        String dialbackIn) {

    static final Peer PROSODY = new Peer("prosody", ProsodyPeer.DOMAIN, ProsodyPeer.ADDRESS, ProsodyPeer.C2S_PORT,
            InteropPeers.LOGS.resolve("prosody/prosody.log"),
            "Accepting SASL EXTERNAL identity from " + XmppdNode.DOMAIN,
            "asking " + XmppdNode.DOMAIN + " if key \\S+ belongs to them");
    static final Peer EJABBERD = new Peer("ejabberd", EjabberdPeer.DOMAIN, EjabberdPeer.ADDRESS,
            EjabberdPeer.C2S_PORT, InteropPeers.LOGS.resolve("ejabberd/stdout.log"),
            "Accepted inbound s2s EXTERNAL authentication " + XmppdNode.DOMAIN + " -> " + EjabberdPeer.DOMAIN,
            "Accepted inbound s2s dialback authentication " + XmppdNode.DOMAIN + " -> " + EjabberdPeer.DOMAIN);

    void start(InteropPeers peers) throws Exception {
        if (this == PROSODY) {
            peers.requireProsody();
        } else {
            peers.requireEjabberd();
        }
    }

    /** Whether a line of the peer's log matches {@code regex}. */
    boolean logged(String regex) {
        Pattern p = Pattern.compile(regex);
        try (var lines = Files.lines(log)) {
            return lines.anyMatch(l -> p.matcher(l).find());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
