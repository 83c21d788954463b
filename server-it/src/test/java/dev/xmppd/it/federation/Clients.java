package dev.xmppd.it.federation;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;

/**
 * Real Smack clients of the interop tests, on STARTTLS with the test CA (and xmppd's own certificate) as the only
 * trust. Accounts on Prosody and ejabberd are created by in-band registration (XEP-0077) on the same connection;
 * the local parts are random, so tests never share a roster. {@link #close()} disconnects every client it made.
 */
final class Clients implements AutoCloseable {
    static final String PASSWORD = "interop-secret";

    private final X509TrustManager trust;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    Clients(X509TrustManager trust) {
        this.trust = trust;
    }

    /** A fresh local part, e.g. {@code alice-4f2a9c}. */
    static String user(String prefix) {
        return prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** Registers {@code user} in band on the server at {@code address:port}, then logs in. */
    XMPPTCPConnection register(String domain, String address, int port, String user) throws Exception {
        XMPPTCPConnection c = connection(domain, address, port, user);
        c.connect();
        AccountManager accounts = AccountManager.getInstance(c);
        accounts.createAccount(Localpart.from(user), PASSWORD);
        c.login();
        return c;
    }

    /** Logs in an account that exists. */
    XMPPTCPConnection login(String domain, String address, int port, String user) throws Exception {
        XMPPTCPConnection c = connection(domain, address, port, user);
        c.connect().login();
        return c;
    }

    /** A client that is neither connected nor logged in; closed with the others. */
    XMPPTCPConnection connection(String domain, String address, int port, String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(InetAddress.getByName(address))
                .setPort(port)
                .setUsernameAndPassword(user, PASSWORD)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setSendPresence(true)
                .build());
        c.setReplyTimeout(10_000);
        synchronized (open) {
            open.add(c);
        }
        return c;
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(XMPPTCPConnection::disconnect);
            open.clear();
        }
    }
}
