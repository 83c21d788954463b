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
 */
record SintReport(SortedSet<String> passed, SortedMap<String, String> failed, SortedMap<String, String> notPossible) {

    SintReport {
        passed = new TreeSet<>(requireNonNull(passed, "passed"));
        failed = new TreeMap<>(requireNonNull(failed, "failed"));
        notPossible = new TreeMap<>(requireNonNull(notPossible, "notPossible"));
    }

    static SintReport of(Set<String> passed, Map<String, String> failed, Map<String, String> notPossible) {
        return new SintReport(new TreeSet<>(passed), new TreeMap<>(failed), new TreeMap<>(notPossible));
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

    /** One line: {@code passed: 12, failed: 30, not possible: 90}. */
    String summary() {
        return "passed: " + passed.size() + ", failed: " + failed.size() + ", not possible: " + notPossible.size();
    }
}
