package dev.xmppd.s2s.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import org.junit.jupiter.api.Test;

class SaslExternalTest {

    @Test
    void anEmptyAuthzidIsAnEqualsSign() {
        XmlElement auth = SaslExternal.auth(null);
        assertThat(auth.attribute("mechanism")).isEqualTo("EXTERNAL");
        assertThat(auth.text()).isEqualTo("=");
        assertThat(SaslExternal.authzid(auth)).isEmpty();
    }

    @Test
    void anAuthzidIsBase64() {
        XmlElement auth = SaslExternal.auth("a.example");
        assertThat(auth.text()).isEqualTo("YS5leGFtcGxl");
        assertThat(SaslExternal.authzid(auth)).isEqualTo("a.example");
        assertThat(SaslExternal.authzid(SaslExternal.response("a.example"))).isEqualTo("a.example");
    }

    @Test
    void noTextMeansNoInitialResponse() {
        XmlElement auth = XmlElement.builder(Namespaces.SASL, "auth").attribute("mechanism", "EXTERNAL").build();
        assertThat(SaslExternal.authzid(auth)).isNull();
    }

    @Test
    void rejectsWhatIsNotBase64() {
        XmlElement auth = XmlElement.builder(Namespaces.SASL, "auth").text("not base64!").build();
        assertThatThrownBy(() -> SaslExternal.authzid(auth)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheConditionOfAFailure() {
        assertThat(SaslExternal.failureCondition(SaslExternal.failure("not-authorized", "bad certificate")))
                .isEqualTo("not-authorized");
        assertThat(SaslExternal.failureCondition(XmlElement.empty(Namespaces.SASL, "failure"))).isEqualTo("undefined");
    }
}
