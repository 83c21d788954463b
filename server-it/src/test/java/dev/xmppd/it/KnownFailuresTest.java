package dev.xmppd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KnownFailuresTest {
    private static final Set<String> ALL = Set.of("A.one", "A.two", "B.three", "B.four");

    private static final KnownFailures KNOWN = KnownFailures.parse(List.of(
            "# comment",
            "",
            "A.one  # roster not implemented",
            "B.three # flaky: fails after B.four"));

    @Test
    void listedFailuresAndNotPossibleTestsAreFine() {
        SintReport report = SintReport.of(Set.of("A.two"), Map.of("A.one", "timeout"), Map.of("B.four", "no MUC"));

        assertThat(KNOWN.problems(report, ALL)).isEmpty();
    }

    @Test
    void anUnlistedFailureIsAProblem() {
        SintReport report = SintReport.of(Set.of(), Map.of("A.one", "timeout", "A.two", "boom"), Map.of());

        assertThat(KNOWN.problems(report, ALL)).containsExactly("new failure: A.two: boom");
    }

    @Test
    void aListedTestThatPassesMustBeRemoved() {
        SintReport report = SintReport.of(Set.of("A.one"), Map.of(), Map.of());

        assertThat(KNOWN.problems(report, ALL))
                .containsExactly("A.one passes now: remove its line from sint-known-failures.txt");
    }

    @Test
    void aFlakyTestMayPassOrFail() {
        assertThat(KNOWN.problems(SintReport.of(Set.of("B.three"), Map.of("A.one", "x"), Map.of()), ALL)).isEmpty();
        assertThat(KNOWN.problems(SintReport.of(Set.of(), Map.of("A.one", "x", "B.three", "y"), Map.of()), ALL))
                .isEmpty();
    }

    @Test
    void onlyUnlistedFailuresAreRunAgain() {
        SintReport report = SintReport.of(Set.of(), Map.of("A.one", "x", "A.two", "y", "B.three", "z"), Map.of());

        assertThat(KNOWN.unlisted(report)).containsExactly("A.two");
    }

    @Test
    void aTestThatPassedOnARerunIsNotAProblem() {
        SintReport report = new SintReport(new TreeSet<>(Set.of("B.four")), new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(Map.of("A.two", "timeout")));

        assertThat(KNOWN.problems(report, ALL)).isEmpty();
        assertThat(report.summary()).isEqualTo("passed: 1, failed: 0, not possible: 0, passed on a rerun: 1");
    }

    @Test
    void aLineForATestSintDoesNotHaveIsAProblem() {
        KnownFailures known = KnownFailures.parse(List.of("A.onee  # typo"));

        assertThat(known.problems(SintReport.of(Set.of(), Map.of(), Map.of()), ALL))
                .containsExactly("A.onee is listed in sint-known-failures.txt but SINT has no such test");
    }

    @Test
    void everyLineNeedsAReasonAndATestIsListedOnce() {
        assertThatThrownBy(() -> KnownFailures.parse(List.of("A.one")))
                .hasMessage("sint-known-failures.txt:1: 'A.one' (expected: Class.method  # reason)");
        assertThatThrownBy(() -> KnownFailures.parse(List.of("A.one # a", "A.one # b")))
                .hasMessage("sint-known-failures.txt:2: A.one is listed twice");
    }

    @Test
    void theCheckedInListParses() {
        assertThat(KnownFailures.load().contains("no.such")).isFalse();
    }
}
