package dev.xmppd.muc.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The muc#roomconfig form (XEP-0045 §10.2), features (§6.4) and pre-join checks (§7.2) of the room options. */
class RoomOptionsTest {
    private final RoomOptions options = new RoomOptions();

    private static XmlElement submitted(String fields) {
        return TestXml.parse("<x xmlns='jabber:x:data' type='submit'>" + fields + "</x>");
    }

    private static String field(String var, String... values) {
        StringBuilder b = new StringBuilder("<field var='" + var + "'>");
        for (String v : values) {
            b.append("<value>").append(v).append("</value>");
        }
        return b.append("</field>").toString();
    }

    @Test
    void theFormRoundTripsTheCurrentValues() {
        RoomConfig config = options.submit(RoomConfig.defaults(), submitted(
                field("muc#roomconfig_roomname", "Cave") + field("muc#roomconfig_maxusers", "30")
                        + field("muc#roomconfig_presencebroadcast", "moderator", "participant")
                        + field("muc#roomconfig_whois", "anyone") + field("muc#roomconfig_allowpm", "none")));

        RoomConfig again = options.submit(RoomConfig.defaults(), options.configForm(config).withAttribute("type",
                "submit"));

        assertThat(again).isEqualTo(config);
        assertThat(config.name()).isEqualTo("Cave");
        assertThat(config.maxUsers()).isEqualTo(30);
        assertThat(config.presenceBroadcast()).containsExactlyInAnyOrder("moderator", "participant");
        assertThat(config.nonAnonymous()).isTrue();
        assertThat(config.allowPm()).isEqualTo("none");
    }

    @Test
    void absentFieldsKeepTheirValues() {
        RoomConfig before = RoomConfig.defaults().toBuilder().moderated(true).name("Keep").build();

        RoomConfig after = options.submit(before, submitted(field("muc#roomconfig_publicroom", "0")));

        assertThat(after.moderated()).isTrue();
        assertThat(after.name()).isEqualTo("Keep");
        assertThat(after.isPublic()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"muc#roomconfig_moderatedroom, maybe", "muc#roomconfig_maxusers, many",
            "muc#roomconfig_whois, everyone", "muc#roomconfig_allowpm, friends",
            "muc#roomconfig_getmemberlist, owner"})
    void unreadableValuesAreNotAcceptable(String var, String value) {
        assertThatThrownBy(() -> options.submit(RoomConfig.defaults(), submitted(field(var, value))))
                .isInstanceOfSatisfying(StanzaException.class, e ->
                        assertThat(e.error().condition()).isEqualTo(Condition.NOT_ACCEPTABLE));
    }

    @Test
    void eachOptionNamesItsFeature() {
        RoomConfig open = RoomConfig.defaults();
        RoomConfig closed = open.toBuilder().persistent(true).isPublic(false).membersOnly(true).moderated(true)
                .password(true, "pw").nonAnonymous(true).logging(false).build();

        assertThat(options.features(open)).containsExactly("muc_temporary", "muc_public", "muc_open",
                "muc_unmoderated", "muc_unsecured", "muc_semianonymous", "urn:xmpp:mam:2");
        assertThat(options.features(closed)).containsExactly("muc_persistent", "muc_hidden", "muc_membersonly",
                "muc_moderated", "muc_passwordprotected", "muc_nonanonymous");
    }

    @Test
    void joinChecksInOptionOrder() {
        RoomConfig config = RoomConfig.defaults().toBuilder().membersOnly(true).password(true, "pw").maxUsers(1)
                .build();

        StanzaError notMember = options.checkJoin(config, new JoinAttempt("pw", false, false, 0));
        StanzaError noPassword = options.checkJoin(config, new JoinAttempt(null, true, false, 0));
        StanzaError full = options.checkJoin(config, new JoinAttempt("pw", true, false, 1));
        StanzaError adminInFullRoom = options.checkJoin(config, new JoinAttempt("pw", true, true, 1));

        assertThat(List.of(notMember.condition(), noPassword.condition(), full.condition())).containsExactly(
                Condition.REGISTRATION_REQUIRED, Condition.NOT_AUTHORIZED, Condition.SERVICE_UNAVAILABLE);
        assertThat(adminInFullRoom).isNull();
    }

    @Test
    void aSecretAloneProtectsTheRoom() {
        RoomConfig config = options.submit(RoomConfig.defaults(), submitted(field("muc#roomconfig_roomsecret", "pw")));

        assertThat(config.requiresPassword()).isTrue();
    }
}
