package dev.xmppd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CompareReportTest {

    private static List<Map<String, String>> lines(String... lines) {
        return java.util.Arrays.stream(lines).map(CompareReport::parse).toList();
    }

    @Test
    void parsesKeyValuePairsWithAQuotedLastValue() {
        Map<String, String> m = CompareReport.parse("RESULT server=xmppd transport=plain run=1 scenario=A"
                + " logins_per_s=376 failed=2 first_failure=\"user7: server said: <failure/>\"");

        assertThat(m).containsEntry("server", "xmppd").containsEntry("transport", "plain")
                .containsEntry("scenario", "A").containsEntry("logins_per_s", "376")
                .containsEntry("first_failure", "user7: server said: <failure/>");
    }

    @Test
    void medianOfTwoRunsIsTheirMean() {
        assertThat(CompareReport.median(List.of(300.0, 400.0))).hasValue(350.0);
        assertThat(CompareReport.median(List.of(5.0, 1.0, 3.0))).hasValue(3.0);
        assertThat(CompareReport.median(List.of())).isEmpty();
    }

    @Test
    void loginRowComparesWithTheFasterPeerAndJudgesFiveTimes() {
        String table = CompareReport.table(lines(
                "RESULT server=xmppd transport=plain run=1 scenario=A logins_per_s=370",
                "RESULT server=xmppd transport=plain run=2 scenario=A logins_per_s=382",
                "RESULT server=prosody transport=plain run=1 scenario=A logins_per_s=156",
                "RESULT server=ejabberd transport=plain run=1 scenario=A logins_per_s=157"),
                CompareReport.figures("1,000"), 2, "default", List.of());

        assertThat(table).contains("| logins/s, PLAIN (plaintext) | 376 | 156 (1) | 157 (1) |  | 2.39× |"
                + " ≥ 5.00× best peer | **no**: goal 785, reached 48 % |");
    }

    @Test
    void showsEveryRunBehindTheMedians() {
        String table = CompareReport.table(lines(
                "RESULT server=xmppd transport=plain run=1 scenario=A logins_per_s=370",
                "RESULT server=prosody transport=plain run=1 scenario=A logins_per_s=156",
                "RESULT server=xmppd transport=plain run=2 scenario=A logins_per_s=382"),
                CompareReport.figures("1,000"), 2, "default", List.of());

        assertThat(table).contains("Each run").contains("| logins/s, PLAIN (plaintext) | 370 / 382 | 156 |  |  |");
    }

    @Test
    void memoryRowTakesTheSmallerPeerAndTheAbsoluteBound() {
        String table = CompareReport.table(lines(
                "RESULT server=xmppd transport=plain run=1 scenario=B kb_per_session=10.5",
                "RESULT server=prosody transport=plain run=1 scenario=B kb_per_session=36",
                "RESULT server=ejabberd transport=plain run=1 scenario=B kb_per_session=63",
                "RESULT server=relay transport=plain run=1 scenario=B kb_per_session=6.8"),
                CompareReport.figures("1,000"), 1, "default", List.of());

        assertThat(table).contains("| KB per idle session (plaintext) | 10.5 | 36.0 | 63.0 | 6.80 | 0.29× |"
                + " ≤ 12.0 KB | yes |");
    }

    @Test
    void noRatioAgainstANegativeReading() {
        String table = CompareReport.table(lines(
                "RESULT server=xmppd transport=tls run=1 scenario=B kb_per_session=82.3",
                "RESULT server=ejabberd transport=tls run=1 scenario=B kb_per_session=-19.3"),
                CompareReport.figures("1,000"), 1, "default", List.of());

        assertThat(table).contains("| KB per idle session (TLS) | 82.3 |  | -19.3 |  |  | ≤ 25.0 KB |");
    }

    @Test
    void openAndClosedLoopResultsGoToTheirOwnRows() {
        String table = CompareReport.table(lines(
                "RESULT server=xmppd transport=plain run=1 scenario=C mode=closed msgs_per_s=7000 p99_ms=157",
                "RESULT server=xmppd transport=plain run=1 scenario=C mode=open@1000 msgs_per_s=1000 p99_ms=0.4"),
                CompareReport.figures("1,000"), 1, "default", List.of());

        assertThat(table).contains("| 1:1 msgs/s, closed loop (plaintext) | 7,000 |")
                .contains("| closed loop p99 ms (plaintext) | 157 |")
                .contains("| p99 ms at 1,000 msg/s (plaintext) | 0.400 |  |  |  |  | < 0.500 ms | yes |");
    }

    @Test
    void failedScenariosAndUnmeasuredRowsAreLeftOut() {
        String table = CompareReport.table(lines(
                "RESULT server=ejabberd transport=plain run=1 scenario=D error=logins ready=3 updates_per_s=5"),
                CompareReport.figures("1,000"), 1, "default", List.of());

        assertThat(table).doesNotContain("presence updates/s");
    }

    @Test
    void bestPeerFollowsTheDirectionOfTheFigure() {
        List<OptionalDouble> peers = List.of(OptionalDouble.of(2), OptionalDouble.empty(), OptionalDouble.of(5));

        assertThat(CompareReport.best(peers, true)).hasValue(5);
        assertThat(CompareReport.best(peers, false)).hasValue(2);
    }
}
