package dev.xmppd.im.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.UploadConfig;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.upload.SlotTicket;
import dev.xmppd.core.xml.XmlElement;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The upload service's answers (XEP-0363 §3, §4, §6), checked on the stanzas it sends. */
class UploadServiceTest {
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final byte[] KEY = new byte[32];

    private final MutableClock clock = new MutableClock();
    private final List<Stanza> sent = new ArrayList<>();
    private final UploadService service = new UploadService("example.com", "https://example.com:5281", 1000,
            new UploadQuota(2500, clock), KEY, clock, sent::add);

    @Test
    void discoInfoHasIdentityFeatureAndMaxFileSize() {
        // Execute system under test
        XmlElement query = answer("<query xmlns='http://jabber.org/protocol/disco#info'/>").payload();

        // Verify results
        XmlElement identity = query.elements().get(0);
        assertThat(identity.attribute("category")).isEqualTo("store");
        assertThat(identity.attribute("type")).isEqualTo("file");
        assertThat(query.elements()).anyMatch(e -> UploadService.NS.equals(e.attribute("var")));
        XmlElement form = query.elements().stream().filter(e -> e.is("jabber:x:data", "x")).findFirst().orElseThrow();
        assertThat(form.elements()).anyMatch(f -> "max-file-size".equals(f.attribute("var"))
                && f.elements().get(0).text().equals("1000"));
        assertThat(form.elements()).anyMatch(f -> "FORM_TYPE".equals(f.attribute("var"))
                && f.elements().get(0).text().equals(UploadService.NS));
    }

    @Test
    void grantsASignedSlotWhosePutAndGetShareTheRandomPath() {
        // Execute system under test
        Iq reply = answer("<request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23'"
                + " content-type='image/jpeg'/>");

        // Verify results
        assertThat(reply.type().value()).isEqualTo("result");
        XmlElement slot = reply.payload();
        String put = slot.elements().get(0).attribute("url");
        String get = slot.elements().get(1).attribute("url");
        assertThat(get).matches("https://example\\.com:5281/upload/[A-Za-z0-9_-]{22}/tr%C3%A8s%20cool\\.jpg");
        assertThat(put).startsWith(get + "?token=");
        String[] path = URI.create(get).getPath().split("/");
        SlotTicket ticket = SlotTicket.verify(KEY, path[2], "très cool.jpg", put.substring(put.indexOf('=') + 1));
        assertThat(ticket.size()).isEqualTo(23);
        assertThat(ticket.contentType()).isEqualTo("image/jpeg");
        assertThat(ticket.owner()).isEqualTo("romeo@example.com");
        assertThat(ticket.expires()).isEqualTo(clock.instant().plus(UploadService.SLOT_LIFETIME));
    }

    @Test
    void twoSlotsForTheSameFileGetDifferentUrls() {
        String request = "<request xmlns='urn:xmpp:http:upload:0' filename='a.txt' size='5'/>";

        String first = answer(request).payload().elements().get(1).attribute("url");
        String second = answer(request).payload().elements().get(1).attribute("url");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void fileTooLargeCarriesTheMaximum() {
        // Execute system under test
        Iq reply = answer("<request xmlns='urn:xmpp:http:upload:0' filename='big.iso' size='1001'/>");

        // Verify results
        XmlElement error = reply.element().elements().stream().filter(e -> e.name().equals("error")).findFirst()
                .orElseThrow();
        assertThat(error.attribute("type")).isEqualTo("modify");
        assertThat(error.elements()).anyMatch(e -> e.is(STANZAS, "not-acceptable"));
        XmlElement tooLarge = error.elements().stream().filter(e -> e.is(UploadService.NS, "file-too-large"))
                .findFirst().orElseThrow();
        assertThat(tooLarge.elements().get(0).text()).isEqualTo("1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filename='a.txt' size='0'", "filename='a.txt' size='-5'", "filename='a.txt' size='x'",
            "filename='../etc/passwd' size='5'", "filename='..' size='5'", "filename='' size='5'", "size='5'",
            "filename='a.txt'", "filename='a.txt' size='5' content-type='text/html; x=&lt;'"})
    void badRequestsAreNotAcceptable(String attributes) {
        Iq reply = answer("<request xmlns='urn:xmpp:http:upload:0' " + attributes + "/>");

        assertThat(condition(reply)).isEqualTo("not-acceptable");
    }

    @Test
    void accountsOfOtherDomainsAreForbidden() {
        Iq reply = answer("juliet@capulet.example/balcony", "<request xmlns='urn:xmpp:http:upload:0' filename='a.txt'"
                + " size='5'/>");

        assertThat(condition(reply)).isEqualTo("forbidden");
        assertThat(errorOf(reply).attribute("type")).isEqualTo("auth");
    }

    @Test
    void quotaExceededGivesResourceConstraintWithRetryStamp() {
        // Setup test fixture: 2 x 1000 of a 2500-byte daily quota, the first an hour ago
        String request = "<request xmlns='urn:xmpp:http:upload:0' filename='a.bin' size='1000'/>";
        Instant first = clock.instant();
        answer(request);
        clock.advance(Duration.ofHours(1));
        answer(request);

        // Execute system under test
        Iq reply = answer(request);

        // Verify results: the first grant leaves the window 24 h after it was made
        assertThat(condition(reply)).isEqualTo("resource-constraint");
        assertThat(errorOf(reply).attribute("type")).isEqualTo("wait");
        XmlElement retry = errorOf(reply).elements().stream().filter(e -> e.is(UploadService.NS, "retry"))
                .findFirst().orElseThrow();
        assertThat(retry.attribute("stamp")).isEqualTo(first.plus(UploadQuota.WINDOW).toString());

        clock.set(first.plus(UploadQuota.WINDOW).plusSeconds(1));
        assertThat(answer(request).type().value()).isEqualTo("result");
    }

    @Test
    void otherPayloadsAndSetsAreServiceUnavailable() {
        assertThat(condition(answer("<query xmlns='jabber:iq:version'/>"))).isEqualTo("service-unavailable");
        assertThat(condition(answer("<query xmlns='http://jabber.org/protocol/disco#info' node='x'/>")))
                .isEqualTo("item-not-found");
        Stanza set = Stanza.parse(TestXml.parse("<iq xmlns='jabber:client' type='set' id='x' to='upload.example.com'"
                + " from='romeo@example.com/r'><request xmlns='urn:xmpp:http:upload:0' filename='a' size='1'/></iq>"));
        service.handle(set);
        assertThat(condition((Iq) sent.get(sent.size() - 1))).isEqualTo("service-unavailable");
    }

    @Test
    void defaultUrlBaseIsTheHttpsListenerThenPlainHttp() {
        ListenerConfig on = new ListenerConfig(true, null, 5281, StartTlsPolicy.REQUIRED);
        ListenerConfig off = new ListenerConfig(false, null, 5280, StartTlsPolicy.REQUIRED);
        ListenerConfig http = new ListenerConfig(true, null, 5280, StartTlsPolicy.REQUIRED);
        ListenersConfig d = ListenersConfig.defaults();

        assertThat(UploadModule.urlBase(UploadConfig.defaults(), d.withHttp(off, on), "example.com"))
                .isEqualTo("https://example.com:5281");
        assertThat(UploadModule.urlBase(UploadConfig.defaults(), d.withHttp(http, on.withPort(443)), "example.com"))
                .isEqualTo("https://example.com:443");
        assertThat(UploadModule.urlBase(UploadConfig.defaults(), d.withHttp(http, off), "example.com"))
                .isEqualTo("http://example.com:5280");
        assertThat(UploadModule.urlBase(UploadConfig.defaults(), d.withHttp(off, off), "example.com")).isNull();
        assertThat(UploadModule.urlBase(UploadConfig.defaults().withUrlBase("https://files.example.com"),
                d.withHttp(off, off), "example.com")).isEqualTo("https://files.example.com");
    }

    private Iq answer(String payload) {
        return answer("romeo@example.com/garden", payload);
    }

    private Iq answer(String from, String payload) {
        sent.clear();
        service.handle(Stanza.parse(TestXml.parse("<iq xmlns='jabber:client' type='get' id='q1'"
                + " to='upload.example.com' from='" + from + "'>" + payload + "</iq>")));
        assertThat(sent).hasSize(1);
        Iq reply = (Iq) sent.get(0);
        assertThat(reply.id()).isEqualTo("q1");
        assertThat(reply.to().toString()).isEqualTo(from);
        return reply;
    }

    private static XmlElement errorOf(Iq reply) {
        return reply.element().elements().stream().filter(e -> e.name().equals("error")).findFirst().orElseThrow();
    }

    private static String condition(Iq reply) {
        return errorOf(reply).elements().stream().filter(e -> STANZAS.equals(e.namespace())).findFirst()
                .orElseThrow().name();
    }
}
