package dev.xmppd.s2s.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseRouteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            xmpp.b.example:5269          | xmpp.b.example | 5269 | false
            tls://xmpp.b.example:5270    | xmpp.b.example | 5270 | true
            TLS://XMPP.B.Example:5270    | xmpp.b.example | 5270 | true
            127.0.0.3:5269               | 127.0.0.3      | 5269 | false
            [::1]:5269                   | ::1            | 5269 | false
            tls://[2001:db8::5]:443      | 2001:db8::5    | 443  | true
            bücher.example:5269          | xn--bcher-kva.example | 5269 | false
            localhost:1                  | localhost      | 1    | false
            """)
    void validRoutes(String route, String host, int port, boolean directTls) {
        assertThat(DnsS2sResolver.parseRoute(route)).isEqualTo(new S2sTarget(host, port, directTls));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            b.example                | '"b.example": no port'
            b.example:0              | '"b.example:0": port "0" is not in 1-65535'
            b.example:65536          | '"b.example:65536": port "65536" is not in 1-65535'
            b.example:x              | '"b.example:x": port "x" is not in 1-65535'
            ::1:5269                 | '"::1:5269": an IPv6 address must be in brackets'
            [::1]                    | '"[::1]": an IPv6 address in brackets needs a port after it'
            [b.example]:5269         | '"[b.example]:5269": "b.example" is not an IPv6 address'
            http://b.example:5269    | '"http://b.example:5269": unknown scheme "http"'
            b_x.example:5269         | '"b_x.example:5269": "b_x.example" is not a host name'
            :5269                    | '":5269": "" is not a host name'
            ''                       | 'empty route'
            """)
    void invalidRoutesSayWhatIsWrongAndWhatIsExpected(String route, String message) {
        assertThatThrownBy(() -> DnsS2sResolver.parseRoute(route)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message + " (expected: host:port, tls://host:port for direct TLS, IPv6 as [::1]:5269)");
    }
}
