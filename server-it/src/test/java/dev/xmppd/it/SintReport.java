package dev.xmppd.it;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of a whole SINT run (all its restarts), by test name ({@code SimpleClassName.method}).
 *
 * @param passed the tests that passed
 * @param failed the tests that failed, with the reason (an assertion, an error, or having aborted the run)
 * @param notPossible the tests SINT could not run, with the reason (a feature not advertised, no account
 *        registration); not failures
 * @param flaky the tests that failed, then passed when run again on their own, with the reason of the first failure;
 *        not failures, but printed so that a test that is often flaky gets looked at
 */
record SintReport(SortedSet<String> passed, SortedMap<String, String> failed, SortedMap<String, String> notPossible,
        SortedMap<String, String> flaky) {

    SintReport {
        passed = new TreeSet<>(requireNonNull(passed, "passed"));
        failed = new TreeMap<>(requireNonNull(failed, "failed"));
        notPossible = new TreeMap<>(requireNonNull(notPossible, "notPossible"));
        flaky = new TreeMap<>(requireNonNull(flaky, "flaky"));
    }

    static SintReport of(Set<String> passed, Map<String, String> failed, Map<String, String> notPossible) {
        return new SintReport(new TreeSet<>(passed), new TreeMap<>(failed), new TreeMap<>(notPossible),
                new TreeMap<>());
    }

    @Override
    public SortedSet<String> passed() {
        return java.util.Collections.unmodifiableSortedSet(passed);
    }

    @Override
    public SortedMap<String, String> failed() {
        return java.util.Collections.unmodifiableSortedMap(failed);
    }

    @Override
    public SortedMap<String, String> notPossible() {
        return java.util.Collections.unmodifiableSortedMap(notPossible);
    }

    @Override
    public SortedMap<String, String> flaky() {
        return java.util.Collections.unmodifiableSortedMap(flaky);
    }

    /** One line: {@code passed: 12, failed: 30, not possible: 90, passed on a rerun: 1}. */
    String summary() {
        return "passed: " + passed.size() + ", failed: " + failed.size() + ", not possible: " + notPossible.size()
                + ", passed on a rerun: " + flaky.size();
    }
}
