package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StanzaError} to and from XML (RFC 6120 §8.3), {@link Condition} and {@link StanzaException}. */
class StanzaErrorTest {

    @ParameterizedTest
    @EnumSource(Condition.class)
    void roundTripsEveryCondition(Condition condition) {
        StanzaError error = StanzaError.of(condition);

        XmlElement element = error.toElement();

        assertThat(element.name()).isEqualTo("error");
        assertThat(element.attribute("type")).isEqualTo(condition.defaultType().value());
        assertThat(element.elements()).containsExactly(
                XmlElement.empty(Namespaces.STANZAS_ERRORS, condition.elementName()));
        assertThat(StanzaError.fromElement(element)).isEqualTo(error);
    }

    @ParameterizedTest
    @EnumSource(Condition.class)
    void roundTripsWithText(Condition condition) {
        StanzaError error = StanzaError.of(condition, "because <reasons> & more");

        StanzaError read = StanzaError.fromElement(error.toElement());

        assertThat(read).isEqualTo(error);
        assertThat(error.toElement().element(Namespaces.STANZAS_ERRORS, "text").attribute("xml:lang"))
                .isEqualTo("en");
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void roundTripsEveryType(ErrorType type) {
        StanzaError error = new StanzaError(Condition.UNDEFINED_CONDITION, type, null);

        assertThat(StanzaError.fromElement(error.toElement())).isEqualTo(error);
    }

    @ParameterizedTest
    @EnumSource(Condition.class)
    void elementNamesMapBack(Condition condition) {
        assertThat(condition.elementName()).matches("[a-z]+(-[a-z]+)*");
        assertThat(Condition.fromElementName(condition.elementName())).isEqualTo(condition);
    }

    @Test
    void elementNamesAreTheRfcNames() {
        assertThat(Condition.values()).hasSize(22);
        assertThat(Condition.SERVICE_UNAVAILABLE.elementName()).isEqualTo("service-unavailable");
        assertThat(Condition.JID_MALFORMED.elementName()).isEqualTo("jid-malformed");
        assertThat(Condition.fromElementName("no-such-condition")).isNull();
        assertThat(Condition.fromElementName("SERVICE_UNAVAILABLE")).isNull();
    }

    @Test
    void serializesAsInTheRfc() {
        String xml = new String(StanzaError.of(Condition.SERVICE_UNAVAILABLE).toElement().toBytes(),
                StandardCharsets.UTF_8);

        assertThat(xml).isEqualTo("<error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>");
    }

    @Test
    void unknownConditionAndTypeAreReadLeniently() {
        XmlElement error = XmlElement.builder(Namespaces.CLIENT, "error").attribute("type", "whenever")
                .child(XmlElement.empty(Namespaces.STANZAS_ERRORS, "made-up"))
                .child(XmlElement.empty("urn:example:app", "app-specific"))
                .build();

        StanzaError read = StanzaError.fromElement(error);

        assertThat(read.condition()).isEqualTo(Condition.UNDEFINED_CONDITION);
        assertThat(read.type()).isEqualTo(Condition.UNDEFINED_CONDITION.defaultType());
        assertThat(read.text()).isNull();
    }

    @Test
    void explicitTypeWinsOverTheDefault() {
        XmlElement error = XmlElement.builder(Namespaces.SERVER, "error").attribute("type", "wait")
                .child(XmlElement.empty(Namespaces.STANZAS_ERRORS, "item-not-found"))
                .build();

        assertThat(StanzaError.fromElement(error))
                .isEqualTo(new StanzaError(Condition.ITEM_NOT_FOUND, ErrorType.WAIT, null));
    }

    @Test
    void exceptionCarriesTheErrorWithoutAStackTrace() {
        StanzaException e = new StanzaException(Condition.ITEM_NOT_FOUND, "no such node");

        assertThat(e.error()).isEqualTo(StanzaError.of(Condition.ITEM_NOT_FOUND, "no such node"));
        assertThat(e).hasMessage("item-not-found: no such node");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(new StanzaException(Condition.CONFLICT)).hasMessage("conflict");
    }
}
