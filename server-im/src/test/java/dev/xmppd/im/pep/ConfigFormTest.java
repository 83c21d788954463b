package dev.xmppd.im.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.testing.TestXml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node configuration forms and publish-options (XEP-0060 §7.1.5, §8.2; XEP-0223). */
class ConfigFormTest {

    private static Map<String, List<String>> options(String fields) {
        return ConfigForm.fields(TestXml.parse("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + ConfigForm.PUBLISH_OPTIONS + "</value></field>"
                + fields + "</x>"), ConfigForm.PUBLISH_OPTIONS);
    }

    private static String field(String var, String value) {
        return "<field var='" + var + "'><value>" + value + "</value></field>";
    }

    @Test
    void appliesEveryKnownOption() {
        // Execute
        NodeConfig c = ConfigForm.apply(NodeConfig.DEFAULT, options(field("pubsub#access_model", "whitelist")
                + field("pubsub#max_items", "max") + field("pubsub#persist_items", "1")
                + field("pubsub#send_last_published_item", "never") + field("pubsub#notify_retract", "false")
                + field("pubsub#deliver_payloads", "0") + field("pubsub#title", "Bookmarks")), false);

        // Verify
        assertThat(c).isEqualTo(new NodeConfig(AccessModel.WHITELIST, NodeConfig.MAX_ITEMS, true, SendLastItem.NEVER,
                false, true, false, List.of(), "Bookmarks"));
    }

    @Test
    void preconditionsPassWhenEveryOptionMatchesWhateverTheSpelling() {
        // Setup
        NodeConfig current = NodeConfig.DEFAULT.withMaxItems(NodeConfig.MAX_ITEMS);

        // Execute + Verify: no exception
        ConfigForm.checkPreconditions(current, options(field("pubsub#persist_items", "1")
                + field("pubsub#max_items", "max") + field("pubsub#access_model", "presence")));
    }

    @Test
    void aDifferentValueIsAConflictWithPreconditionNotMet() {
        assertThatThrownBy(() -> ConfigForm.checkPreconditions(NodeConfig.DEFAULT,
                options(field("pubsub#access_model", "open"))))
                .isInstanceOfSatisfying(PubsubException.class, e -> {
                    assertThat(e.error().condition()).isEqualTo(Condition.CONFLICT);
                    assertThat(e.appCondition()).isEqualTo("precondition-not-met");
                });
    }

    @Test
    void anUnknownOptionIsAPreconditionNotMetButIgnoredWhenConfiguring() {
        Map<String, List<String>> unknown = options(field("urn:example#colour", "blue"));

        assertThatThrownBy(() -> ConfigForm.checkPreconditions(NodeConfig.DEFAULT, unknown))
                .isInstanceOfSatisfying(PubsubException.class,
                        e -> assertThat(e.appCondition()).isEqualTo("precondition-not-met"));
        assertThat(ConfigForm.apply(NodeConfig.DEFAULT, unknown, true)).isEqualTo(NodeConfig.DEFAULT);
    }

    @Test
    void fixedOptionsAcceptOnlyTheirValue() {
        assertThat(ConfigForm.apply(NodeConfig.DEFAULT, options(field("pubsub#notify_config", "0")), false))
                .isEqualTo(NodeConfig.DEFAULT);
        assertThatThrownBy(() -> ConfigForm.apply(NodeConfig.DEFAULT, options(field("pubsub#notify_config", "1")),
                true)).isInstanceOf(PubsubException.class);
    }

    @Test
    void badValuesAreNotAcceptable() {
        for (String bad : List.of(field("pubsub#max_items", "0"), field("pubsub#max_items", "1001"),
                field("pubsub#max_items", "many"), field("pubsub#persist_items", "yes"),
                field("pubsub#access_model", "authorize"), field("pubsub#send_last_published_item", "always"))) {
            assertThatThrownBy(() -> ConfigForm.apply(NodeConfig.DEFAULT, options(bad), true))
                    .as(bad).isInstanceOfSatisfying(PubsubException.class,
                            e -> assertThat(e.error().condition()).isEqualTo(Condition.NOT_ACCEPTABLE));
        }
    }

    @Test
    void aFormOfAnotherTypeIsABadRequest() {
        assertThatThrownBy(() -> ConfigForm.fields(TestXml.parse("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>urn:other</value></field></x>"), ConfigForm.NODE_CONFIG))
                .isInstanceOfSatisfying(PubsubException.class,
                        e -> assertThat(e.error().condition()).isEqualTo(Condition.BAD_REQUEST));
    }

    @Test
    void theFormShowsTheCurrentValues() {
        String form = ConfigForm.form(NodeConfig.DEFAULT.withAccess(AccessModel.OPEN)).toXml();

        assertThat(form).contains("form").contains(ConfigForm.NODE_CONFIG)
                .contains("<value>open</value>").contains("pubsub#send_last_published_item");
    }
}
