package dev.xmppd.app.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal BOSH client (XEP-0124, XEP-0206) over {@code java.net.http}: it speaks the wire format itself, so tests
 * see exactly what the server answers. Requests carry consecutive {@code rid}s from 1000.
 */
final class BoshTestClient {
    static final String NS = "http://jabber.org/protocol/httpbind";
    private static final Pattern SID = Pattern.compile(" sid='([^']+)'");

    private final HttpClient http;
    private final URI uri;
    private long rid = 1000;
    private String sid;

    BoshTestClient(HttpClient http, URI uri) {
        this.http = http;
        this.uri = uri;
    }

    /** The session creation request; returns the response body (with the stream features). */
    String create(String to, int wait, int hold) throws Exception {
        String response = post("<body xmlns='" + NS + "' xmlns:xmpp='urn:xmpp:xbosh' rid='" + rid++ + "' to='" + to
                + "' wait='" + wait + "' hold='" + hold + "' ver='1.11' xml:lang='en' xmpp:version='1.0'/>");
        Matcher m = SID.matcher(response);
        if (m.find()) {
            sid = m.group(1);
        }
        return response;
    }

    /** Logs in with PLAIN, restarts and binds {@code resource}; returns the bind result body. */
    String login(String user, String password, String resource) throws Exception {
        String auth = send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + Base64.getEncoder()
                .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)) + "</auth>");
        if (!auth.contains("<success")) {
            throw new AssertionError("SASL: " + auth);
        }
        String features = restart();
        if (!features.contains("urn:ietf:params:xml:ns:xmpp-bind")) {
            throw new AssertionError("after restart: " + features);
        }
        return send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<resource>" + resource + "</resource></bind></iq>");
    }

    /** XEP-0206 §5. */
    String restart() throws Exception {
        return post("<body xmlns='" + NS + "' xmlns:xmpp='urn:xmpp:xbosh' rid='" + rid++ + "' sid='" + sid
                + "' to='localhost' xml:lang='en' xmpp:restart='true'/>");
    }

    /** One request carrying {@code payload}; waits for its response. */
    String send(String payload) throws Exception {
        return post(body(rid++, payload));
    }

    /** One request carrying {@code payload}, answered later. */
    CompletableFuture<String> sendAsync(String payload) {
        return postAsync(body(rid++, payload));
    }

    /** The request with the given rid again, as after a broken connection. */
    String resend(long oldRid, String payload) throws Exception {
        return post(body(oldRid, payload));
    }

    /** Ends the session with {@code payload} (e.g. unavailable presence) in the terminate request. */
    String terminate(String payload) throws Exception {
        return post("<body xmlns='" + NS + "' rid='" + rid++ + "' sid='" + sid + "' type='terminate'>" + payload
                + "</body>");
    }

    long nextRid() {
        return rid;
    }

    String sid() {
        return sid;
    }

    String body(long r, String payload) {
        return "<body xmlns='" + NS + "' rid='" + r + "' sid='" + sid + "'" + (payload.isEmpty() ? "/>"
                : ">" + payload + "</body>");
    }

    String post(String body) throws Exception {
        return postAsync(body).get(30, TimeUnit.SECONDS);
    }

    CompletableFuture<String> postAsync(String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
                    }
                    return r.body();
                });
    }
}
