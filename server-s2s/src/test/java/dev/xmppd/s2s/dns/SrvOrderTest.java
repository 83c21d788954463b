package dev.xmppd.s2s.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SrvOrderTest {

    /** A Random that returns scripted values from nextInt(bound), checking each is in range. */
    private static final class Scripted extends Random {
        private static final long serialVersionUID = 1L;
        private final Deque<Integer> values = new ArrayDeque<>();
        private final Deque<Integer> bounds = new ArrayDeque<>();

        Scripted(Integer... values) {
            this.values.addAll(List.of(values));
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            int value = values.remove();
            assertThat(value).isBetween(0, bound - 1);
            return value;
        }
    }

    private static SrvRecord srv(int priority, int weight, String target) {
        return new SrvRecord(priority, weight, 5269, target, false);
    }

    private static SrvRecord srvs(int priority, int weight, String target) {
        return new SrvRecord(priority, weight, 5270, target, true);
    }

    @Test
    void lowerPriorityComesFirst() {
        // Set up fixture: one record per priority, so no random pick is needed
        Scripted random = new Scripted(0, 0, 0);

        // Execute system under test
        List<SrvRecord> ordered = SrvOrder.order(List.of(srv(20, 5, "b"), srv(10, 5, "a"), srv(30, 0, "c")), random);

        // Verify results
        assertThat(ordered).extracting(SrvRecord::target).containsExactly("a", "b", "c");
    }

    @Test
    void weightedSelectionUsesRunningSums() {
        // Set up fixture: a (10) and b (30), running sums 10 and 40; z has weight 0
        List<SrvRecord> records = List.of(srv(10, 10, "a"), srv(10, 30, "b"), srv(10, 0, "z"));

        // Execute system under test and verify results
        // draw 10 in 0..39 is past a's 10: b; then 9 in 0..9: a; then z alone
        assertThat(SrvOrder.order(records, new Scripted(10, 9, 0))).extracting(SrvRecord::target)
                .containsExactly("b", "a", "z");
        // draw 9: a; then 0 in 0..29: b
        assertThat(SrvOrder.order(records, new Scripted(9, 0, 0))).extracting(SrvRecord::target)
                .containsExactly("a", "b", "z");
    }

    @Test
    void drawBoundsAreTheWeightsLeftThenUniformAmongZeroWeights() {
        // Set up fixture
        Scripted random = new Scripted(0, 0, 1, 0);

        // Execute system under test
        List<SrvRecord> ordered = SrvOrder.order(
                List.of(srv(1, 2, "a"), srv(1, 0, "y"), srv(1, 3, "b"), srv(1, 0, "z")), random);

        // Verify results: a (sum 5), b (sum 3), then z then y picked uniformly (bounds 2, 1)
        assertThat(ordered).extracting(SrvRecord::target).containsExactly("a", "b", "z", "y");
        assertThat(random.bounds).containsExactly(5, 3, 2, 1);
    }

    @Test
    void heavierRecordsAreFirstProportionallyOften() {
        // Set up fixture: weights 1 and 3, a seeded generator
        Random random = new Random(42);
        List<SrvRecord> records = List.of(srv(1, 1, "light"), srv(1, 3, "heavy"));

        // Execute system under test
        int heavyFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            if (SrvOrder.order(records, random).get(0).target().equals("heavy")) {
                heavyFirst++;
            }
        }

        // Verify results: three times in four
        assertThat(heavyFirst).isBetween(7_200, 7_800);
    }

    @Test
    void mergeKeepsPriorityAndPrefersDirectTlsOnEqualPriority() {
        // Set up fixture: both lists already ordered
        List<SrvRecord> direct = List.of(srvs(10, 0, "d10"), srvs(20, 0, "d20"));
        List<SrvRecord> startTls = List.of(srv(5, 0, "s5"), srv(10, 0, "s10"), srv(30, 0, "s30"));

        // Execute system under test
        List<S2sTarget> merged = SrvOrder.merge(direct, startTls);

        // Verify results
        assertThat(merged).containsExactly(new S2sTarget("s5", 5269, false), new S2sTarget("d10", 5270, true),
                new S2sTarget("s10", 5269, false), new S2sTarget("d20", 5270, true),
                new S2sTarget("s30", 5269, false));
    }

    @Test
    void mergeOfOneKind() {
        assertThat(SrvOrder.merge(List.of(), List.of(srv(1, 0, "s")))).containsExactly(new S2sTarget("s", 5269, false));
        assertThat(SrvOrder.merge(List.of(srvs(1, 0, "d")), List.of())).containsExactly(new S2sTarget("d", 5270, true));
        assertThat(SrvOrder.merge(List.of(), List.of())).isEmpty();
    }
}
