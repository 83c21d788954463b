package dev.xmppd.im.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.stanza.PresenceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of the RFC 6121 Appendix A tables, plus pre-approval (§3.4). Outbound rows say whether the user's
 * server routes the stanza; inbound rows whether the contact's server delivers it (or answers it itself).
 */
class SubscriptionStateTest {

    @ParameterizedTest(name = "A.2 {0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SUBSCRIBE    | None                  | None + Pending Out    | true
            SUBSCRIBE    | None + Pending Out    | None + Pending Out    | true
            SUBSCRIBE    | None + Pending In     | None + Pending Out/In | true
            SUBSCRIBE    | None + Pending Out/In | None + Pending Out/In | true
            SUBSCRIBE    | To                    | To                    | true
            SUBSCRIBE    | To + Pending In       | To + Pending In       | true
            SUBSCRIBE    | From                  | From + Pending Out    | true
            SUBSCRIBE    | From + Pending Out    | From + Pending Out    | true
            SUBSCRIBE    | Both                  | Both                  | true
            UNSUBSCRIBE  | None                  | None                  | true
            UNSUBSCRIBE  | None + Pending Out    | None                  | true
            UNSUBSCRIBE  | None + Pending In     | None + Pending In     | true
            UNSUBSCRIBE  | None + Pending Out/In | None + Pending In     | true
            UNSUBSCRIBE  | To                    | None                  | true
            UNSUBSCRIBE  | To + Pending In       | None + Pending In     | true
            UNSUBSCRIBE  | From                  | From                  | true
            UNSUBSCRIBE  | From + Pending Out    | From                  | true
            UNSUBSCRIBE  | Both                  | From                  | true
            SUBSCRIBED   | None                  | None + Pre-Approved   | false
            SUBSCRIBED   | None + Pending Out    | None + Pending Out + Pre-Approved | false
            SUBSCRIBED   | None + Pending In     | From                  | true
            SUBSCRIBED   | None + Pending Out/In | From + Pending Out    | true
            SUBSCRIBED   | To                    | To + Pre-Approved     | false
            SUBSCRIBED   | To + Pending In       | Both                  | true
            SUBSCRIBED   | From                  | From                  | false
            SUBSCRIBED   | From + Pending Out    | From + Pending Out    | false
            SUBSCRIBED   | Both                  | Both                  | false
            SUBSCRIBED   | None + Pre-Approved   | None + Pre-Approved   | false
            UNSUBSCRIBED | None                  | None                  | false
            UNSUBSCRIBED | None + Pending Out    | None + Pending Out    | false
            UNSUBSCRIBED | None + Pending In     | None                  | true
            UNSUBSCRIBED | None + Pending Out/In | None + Pending Out    | true
            UNSUBSCRIBED | To                    | To                    | false
            UNSUBSCRIBED | To + Pending In       | To                    | true
            UNSUBSCRIBED | From                  | None                  | true
            UNSUBSCRIBED | From + Pending Out    | None + Pending Out    | true
            UNSUBSCRIBED | Both                  | To                    | true
            UNSUBSCRIBED | None + Pre-Approved   | None                  | false
            UNSUBSCRIBED | To + Pre-Approved     | To                    | false
            """)
    void outbound(PresenceType type, String before, String after, boolean routed) {
        // Execute system under test
        Transition t = SubscriptionState.parse(before).outbound(type);

        // Verify results
        assertThat(t.after()).hasToString(after);
        assertThat(t.forward()).isEqualTo(routed);
        assertThat(t.autoReply()).isFalse();
    }

    @ParameterizedTest(name = "A.3 {0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SUBSCRIBE    | None                  | None + Pending In     | true  | false
            SUBSCRIBE    | None + Pending Out    | None + Pending Out/In | true  | false
            SUBSCRIBE    | None + Pending In     | None + Pending In     | true  | false
            SUBSCRIBE    | None + Pending Out/In | None + Pending Out/In | true  | false
            SUBSCRIBE    | To                    | To + Pending In       | true  | false
            SUBSCRIBE    | To + Pending In       | To + Pending In       | true  | false
            SUBSCRIBE    | From                  | From                  | false | true
            SUBSCRIBE    | From + Pending Out    | From + Pending Out    | false | true
            SUBSCRIBE    | Both                  | Both                  | false | true
            SUBSCRIBE    | None + Pre-Approved   | From                  | false | true
            SUBSCRIBE    | None + Pending Out + Pre-Approved | From + Pending Out | false | true
            SUBSCRIBE    | To + Pre-Approved     | Both                  | false | true
            UNSUBSCRIBE  | None                  | None                  | false | false
            UNSUBSCRIBE  | None + Pending Out    | None + Pending Out    | false | false
            UNSUBSCRIBE  | None + Pending In     | None                  | true  | false
            UNSUBSCRIBE  | None + Pending Out/In | None + Pending Out    | true  | false
            UNSUBSCRIBE  | To                    | To                    | false | false
            UNSUBSCRIBE  | To + Pending In       | To                    | true  | false
            UNSUBSCRIBE  | From                  | None                  | true  | false
            UNSUBSCRIBE  | From + Pending Out    | None + Pending Out    | true  | false
            UNSUBSCRIBE  | Both                  | To                    | true  | false
            SUBSCRIBED   | None                  | None                  | false | false
            SUBSCRIBED   | None + Pending Out    | To                    | true  | false
            SUBSCRIBED   | None + Pending In     | None + Pending In     | false | false
            SUBSCRIBED   | None + Pending Out/In | To + Pending In       | true  | false
            SUBSCRIBED   | To                    | To                    | false | false
            SUBSCRIBED   | To + Pending In       | To + Pending In       | false | false
            SUBSCRIBED   | From                  | From                  | false | false
            SUBSCRIBED   | From + Pending Out    | Both                  | true  | false
            SUBSCRIBED   | Both                  | Both                  | false | false
            UNSUBSCRIBED | None                  | None                  | false | false
            UNSUBSCRIBED | None + Pending Out    | None                  | true  | false
            UNSUBSCRIBED | None + Pending In     | None + Pending In     | false | false
            UNSUBSCRIBED | None + Pending Out/In | None + Pending In     | true  | false
            UNSUBSCRIBED | To                    | None                  | true  | false
            UNSUBSCRIBED | To + Pending In       | None + Pending In     | true  | false
            UNSUBSCRIBED | From                  | From                  | false | false
            UNSUBSCRIBED | From + Pending Out    | From                  | true  | false
            UNSUBSCRIBED | Both                  | From                  | true  | false
            """)
    void inbound(PresenceType type, String before, String after, boolean delivered, boolean autoReply) {
        Transition t = SubscriptionState.parse(before).inbound(type);

        assertThat(t.after()).hasToString(after);
        assertThat(t.forward()).isEqualTo(delivered);
        assertThat(t.autoReply()).isEqualTo(autoReply);
    }

    @Test
    void namesRoundTrip() {
        for (boolean to : new boolean[] {false, true}) {
            for (boolean from : new boolean[] {false, true}) {
                for (boolean out : new boolean[] {false, true}) {
                    for (boolean in : new boolean[] {false, true}) {
                        if (out && to || in && from) {
                            continue;
                        }
                        SubscriptionState s = new SubscriptionState(to, from, out, in, false);
                        assertThat(SubscriptionState.parse(s.toString())).isEqualTo(s);
                    }
                }
            }
        }
    }

    @Test
    void rejectsImpossibleStates() {
        assertThatThrownBy(() -> new SubscriptionState(true, false, true, false, false))
                .hasMessage("pendingOut: true (expected: false when subscribed to)");
        assertThatThrownBy(() -> new SubscriptionState(false, true, false, true, false))
                .hasMessage("pendingIn: true (expected: false when subscribed from)");
        assertThatThrownBy(() -> new SubscriptionState(false, true, false, false, true))
                .hasMessage("approved: true (expected: false with from or pending in)");
        assertThatThrownBy(() -> SubscriptionState.NONE.outbound(PresenceType.PROBE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
