package dev.xmppd.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns the {@code RESULT} lines of {@code server-bench/compare.sh} into the one table of issue #4: a row per
 * figure, a column per server (xmppd, Prosody, ejabberd, the TCP relay), the median over runs, xmppd's ratio to the
 * best peer, the target and whether it is met.
 *
 * <pre>
 * java -cp server-bench/target/benchmarks.jar dev.xmppd.bench.load.CompareReport [--runs 2] [--note text]... results
 * </pre>
 *
 * <p>Each input line is a {@link LoadMain} result prefixed by the script with {@code server=},
 * {@code transport=} (plain or tls) and {@code run=}. Lines with an {@code error} key (a scenario that did not complete) are left out, so a
 * median may rest on fewer runs than asked; such cells are marked with the number of runs they rest on.
 */
public final class CompareReport {
    static final List<String> SERVERS = List.of("xmppd", "prosody", "ejabberd", "relay");
    static final List<String> PEERS = List.of("prosody", "ejabberd");

    /** What xmppd must reach: a multiple of the best peer, or an absolute bound. */
    record Target(String text, double factor, double bound, boolean higherIsBetter) {
        static Target none(boolean higherIsBetter) {
            return new Target("", Double.NaN, Double.NaN, higherIsBetter);
        }

        static Target timesBestPeer(double factor) {
            return new Target("≥ " + format(factor) + "× best peer", factor, Double.NaN, true);
        }

        static Target atMost(double bound, String unit) {
            return new Target("≤ " + format(bound) + " " + unit, Double.NaN, bound, false);
        }

        static Target below(double bound, String unit) {
            return new Target("< " + format(bound) + " " + unit, Double.NaN, bound, false);
        }

        /** "yes", "**no** (x % of the goal)", or "" when there is no target or no figure. */
        String verdict(OptionalDouble xmppd, OptionalDouble bestPeer) {
            if (text.isEmpty() || xmppd.isEmpty()) {
                return "";
            }
            double v = xmppd.getAsDouble();
            if (!Double.isNaN(factor)) {
                if (bestPeer.isEmpty()) {
                    return "";
                }
                double goal = factor * bestPeer.getAsDouble();
                return v >= goal ? "yes" : String.format(Locale.ROOT, "**no**: goal %s, reached %.0f %%",
                        format(goal), 100 * v / goal);
            }
            boolean met = text.startsWith("<") ? v < bound : v <= bound;
            return met ? "yes" : String.format(Locale.ROOT, "**no**: %.1f× the bound", v / bound);
        }
    }

    /** One table row: which results it reads and how it is judged. */
    record Figure(String label, String transport, String scenario, String cMode, String key, Target target) {
        boolean matches(Map<String, String> r) {
            return transport.equals(r.get("transport")) && scenario.equals(r.get("scenario"))
                    && (cMode == null || r.getOrDefault("mode", "").startsWith(cMode));
        }
    }

    private CompareReport() {
    }

    public static void main(String[] args) throws IOException {
        int runs = 2;
        String profile = "default";
        List<String> notes = new ArrayList<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--profile" -> profile = args[++i];
                case "--note" -> notes.add(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("results: missing (expected: the results file of compare.sh)");
        }
        List<Map<String, String>> results = Files.readAllLines(file).stream().filter(l -> l.startsWith("RESULT "))
                .map(CompareReport::parse).toList();
        System.out.print(table(results, figures(rateOf(results)), runs, profile, notes));
    }

    /** The rows of the table; {@code rate} is the open-loop rate of scenario C, for the label. */
    static List<Figure> figures(String rate) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("logins/s, PLAIN (plaintext)", "plain", "A", null, "logins_per_s", Target.timesBestPeer(5)));
        f.add(new Figure("server CPU µs per login, PLAIN (plaintext)", "plain", "A", null,
                "server_cpu_us_per_login", Target.none(false)));
        f.add(new Figure("logins/s, STARTTLS + SCRAM-SHA-256", "tls", "A", null, "logins_per_s",
                Target.none(true)));
        f.add(new Figure("server CPU µs per login, STARTTLS + SCRAM-SHA-256", "tls", "A", null,
                "server_cpu_us_per_login", Target.none(false)));
        f.add(new Figure("KB per idle session (plaintext)", "plain", "B", null, "kb_per_session",
                Target.atMost(12, "KB")));
        f.add(new Figure("KB per idle session (TLS)", "tls", "B", null, "kb_per_session", Target.atMost(25, "KB")));
        for (String mode : List.of("plain", "tls")) {
            String m = mode.equals("plain") ? "plaintext" : "TLS";
            f.add(new Figure("1:1 msgs/s, closed loop (" + m + ")", mode, "C", "closed", "msgs_per_s",
                    mode.equals("plain") ? Target.timesBestPeer(3) : Target.none(true)));
            f.add(new Figure("server CPU µs per message, closed loop (" + m + ")", mode, "C", "closed",
                    "server_cpu_us_per_msg", Target.none(false)));
            f.add(new Figure("load generator CPU µs per message, closed loop (" + m + ")", mode, "C", "closed",
                    "client_cpu_us_per_msg", Target.none(false)));
            f.add(new Figure("closed loop p50 ms (" + m + ")", mode, "C", "closed", "p50_ms", Target.none(false)));
            f.add(new Figure("closed loop p99 ms (" + m + ")", mode, "C", "closed", "p99_ms", Target.none(false)));
            f.add(new Figure("closed loop p99.9 ms (" + m + ")", mode, "C", "closed", "p999_ms",
                    Target.none(false)));
            f.add(new Figure("p99 ms at " + rate + " msg/s (" + m + ")", mode, "C", "open", "p99_ms",
                    mode.equals("plain") ? Target.below(0.5, "ms") : Target.none(false)));
            f.add(new Figure("presence updates/s (" + m + ")", mode, "D", null, "updates_per_s", Target.none(true)));
        }
        return f;
    }

    static String table(List<Map<String, String>> results, List<Figure> figures, int runs, String profile,
            List<String> notes) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "## xmppd, Prosody, ejabberd and a TCP relay (profile %s, medians of %d"
                + " run%s)%n%n", profile, runs, runs == 1 ? "" : "s"));
        notes.forEach(n -> s.append(n).append("  \n"));
        s.append("\n| figure | xmppd | Prosody | ejabberd | relay | xmppd / best peer | target | met? |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            Map<String, OptionalDouble> medians = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            for (String server : SERVERS) {
                List<Double> values = values(results, f, server);
                medians.put(server, median(values));
                counts.put(server, values.size());
            }
            if (SERVERS.stream().allMatch(x -> medians.get(x).isEmpty())) {
                continue;
            }
            OptionalDouble best = best(PEERS.stream().map(medians::get).toList(), f.target().higherIsBetter());
            s.append("| ").append(f.label());
            for (String server : SERVERS) {
                s.append(" | ").append(cell(medians.get(server), counts.get(server), runs));
            }
            OptionalDouble x = medians.get("xmppd");
            // a ratio needs two positive figures (a small B can read a shrinking RSS: a negative KB per session)
            String ratio = x.isPresent() && best.isPresent() && x.getAsDouble() > 0 && best.getAsDouble() > 0
                    ? String.format(Locale.ROOT, "%.2f×", x.getAsDouble() / best.getAsDouble()) : "";
            s.append(" | ").append(ratio).append(" | ").append(f.target().text()).append(" | ")
                    .append(f.target().verdict(x, best)).append(" |\n");
        }
        s.append("\nRatios are xmppd's figure divided by the better of Prosody and ejabberd: above 1 is better for"
                + " rates, below 1 is better for KB, ms and CPU µs (CPU time per operation over the measured window,"
                + " from /proc). An empty cell: not measured (the relay has no logins or presence) or the scenario"
                + " failed; (n) marks a median of fewer runs than asked.\n");
        if (runs > 1) {
            s.append(runs(results, figures));
        }
        return s.toString();
    }

    /** Every run's figure, in run order, to show the spread behind each median. */
    static String runs(List<Map<String, String>> results, List<Figure> figures) {
        StringBuilder s = new StringBuilder("\nEach run (run 1 / run 2 / ...):\n\n"
                + "| figure | xmppd | Prosody | ejabberd | relay |\n|---|---|---|---|---|\n");
        for (Figure f : figures) {
            List<String> cells = SERVERS.stream().map(server -> String.join(" / ",
                    values(results, f, server).stream().map(CompareReport::format).toList())).toList();
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                s.append("| ").append(f.label()).append(" | ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
        return s.toString();
    }

    static List<Double> values(List<Map<String, String>> results, Figure f, String server) {
        List<Double> v = new ArrayList<>();
        for (Map<String, String> r : results) {
            String value = r.get(f.key());
            if (server.equals(r.get("server")) && f.matches(r) && !r.containsKey("error") && value != null) {
                double d = Double.parseDouble(value);
                if (!Double.isNaN(d)) {
                    v.add(d);
                }
            }
        }
        return v;
    }

    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return OptionalDouble.of(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    static OptionalDouble best(List<OptionalDouble> values, boolean higherIsBetter) {
        return values.stream().filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .reduce(higherIsBetter ? Math::max : Math::min);
    }

    private static String cell(OptionalDouble v, int count, int runs) {
        if (v.isEmpty()) {
            return "";
        }
        return format(v.getAsDouble()) + (count < runs ? " (" + count + ")" : "");
    }

    /** 12,345 / 123 / 12.3 / 1.23 / 0.123: three significant digits below 100. */
    static String format(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** The {@code key=value} pairs of a result line; a value may be double-quoted. */
    static Map<String, String> parse(String line) {
        Map<String, String> m = new HashMap<>();
        int i = line.indexOf(' ') + 1;
        while (i > 0 && i < line.length()) {
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = line.substring(i, eq).trim();
            int end;
            String value;
            if (eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
                end = line.indexOf('"', eq + 2);
                end = end < 0 ? line.length() : end;
                value = line.substring(eq + 2, end);
                end++;
            } else {
                end = line.indexOf(' ', eq);
                end = end < 0 ? line.length() : end;
                value = line.substring(eq + 1, end);
            }
            m.put(key, value);
            i = end + 1;
        }
        return m;
    }

    private static String rateOf(List<Map<String, String>> results) {
        return results.stream().map(r -> r.getOrDefault("mode", "")).filter(m -> m.startsWith("open@"))
                .map(m -> format(Double.parseDouble(m.substring(5)))).findFirst().orElse("the fixed rate");
    }
}
