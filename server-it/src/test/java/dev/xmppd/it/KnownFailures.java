package dev.xmppd.it;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SINT tests xmppd is known to fail, each with a reason: one line per test, {@code Class.method  # reason};
 * blank lines and lines starting with {@code #} are comments. The list may only shrink: {@link #problems} reports a
 * failure that is not listed, and also a listed test that now passes, so that its line gets removed. A reason that
 * starts with {@value #FLAKY} marks a test whose outcome depends on the order SINT picks (state left by another
 * test): it may pass or fail.
 */
final class KnownFailures {
    static final String RESOURCE = "sint-known-failures.txt";
    static final String FLAKY = "flaky:";

    private final Map<String, String> reasons;

    private KnownFailures(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    /** Parses the list; a line without a reason, or a test listed twice, is an error naming the line. */
    static KnownFailures parse(List<String> lines) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf('#');
            String name = hash < 0 ? line : line.substring(0, hash).strip();
            String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
            if (reason.isEmpty() || name.isEmpty() || name.contains(" ")) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": '" + line
                        + "' (expected: Class.method  # reason)");
            }
            if (reasons.put(name, reason) != null) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": " + name + " is listed twice");
            }
        }
        return new KnownFailures(reasons);
    }

    /** Reads {@value #RESOURCE} from the test class path. */
    static KnownFailures load() {
        try (InputStream in = KnownFailures.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean contains(String test) {
        return reasons.containsKey(test);
    }

    String reason(String test) {
        return reasons.get(test);
    }

    /** The failures of a run that are not listed, which {@link SintIT} runs once more before judging. */
    Set<String> unlisted(SintReport report) {
        Set<String> unlisted = new TreeSet<>(report.failed().keySet());
        unlisted.removeAll(reasons.keySet());
        return unlisted;
    }

    /**
     * What is wrong with a run, one line per problem; empty when every failure is listed and no listed test passed.
     *
     * @param report the run
     * @param known the names of all SINT tests, to catch a misspelled or removed line
     */
    List<String> problems(SintReport report, Set<String> known) {
        requireNonNull(report, "report");
        requireNonNull(known, "known");
        List<String> problems = new ArrayList<>();
        report.failed().forEach((test, why) -> {
            if (!reasons.containsKey(test)) {
                problems.add("new failure: " + test + ": " + why);
            }
        });
        for (String test : reasons.keySet()) {
            if (report.passed().contains(test) && !reasons.get(test).startsWith(FLAKY)) {
                problems.add(test + " passes now: remove its line from " + RESOURCE);
            } else if (!known.contains(test)) {
                problems.add(test + " is listed in " + RESOURCE + " but SINT has no such test");
            }
        }
        return problems;
    }
}
