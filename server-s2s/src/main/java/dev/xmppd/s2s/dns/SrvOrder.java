package dev.xmppd.s2s.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The order in which to try SRV targets: RFC 2782 within one service, then the two XMPP server services merged
 * (XEP-0368 §3). Pure functions; the randomness is passed in so tests can fix it.
 */
final class SrvOrder {

    private SrvOrder() {
    }

    /**
     * RFC 2782: ascending priority; within a priority, a weighted random order in which each pick chooses a record
     * with probability weight / (sum of the weights left). Records of weight 0 come after the others, in random
     * order.
     *
     * <p>RFC 2782 draws a number in 0..sum <em>inclusive</em> and takes the first record whose running sum reaches it,
     * which favours the first record listed (weights 1 and 3 come out 2:3, not 1:3) and gives weight 0 a small chance
     * to go first. We draw in 0..sum-1 and take the first running sum above the draw: exactly proportional, which is
     * what the RFC's weights are for ("larger weights SHOULD be given a proportionately higher probability").
     */
    static List<SrvRecord> order(List<SrvRecord> records, Random random) {
        List<SrvRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(SrvRecord::priority));
        List<SrvRecord> ordered = new ArrayList<>(records.size());
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end < sorted.size() && sorted.get(end).priority() == sorted.get(start).priority()) {
                end++;
            }
            ordered.addAll(weighted(sorted.subList(start, end), random));
            start = end;
        }
        return ordered;
    }

    private static List<SrvRecord> weighted(List<SrvRecord> samePriority, Random random) {
        List<SrvRecord> left = new ArrayList<>(samePriority);
        List<SrvRecord> picked = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            int sum = 0;
            for (SrvRecord record : left) {
                sum += record.weight();
            }
            if (sum == 0) {
                picked.add(left.remove(random.nextInt(left.size())));
                continue;
            }
            int draw = random.nextInt(sum);
            int running = 0;
            for (int i = 0; i < left.size(); i++) {
                running += left.get(i).weight();
                if (running > draw) {
                    picked.add(left.remove(i));
                    break;
                }
            }
        }
        return picked;
    }

    /**
     * Merges the ordered direct TLS ({@code _xmpps-server}) and STARTTLS ({@code _xmpp-server}) lists by priority,
     * keeping each list's order; at equal priority direct TLS comes first, as it saves round trips and cannot be
     * stripped (XEP-0368 lets the initiating entity prefer one kind).
     */
    static List<S2sTarget> merge(List<SrvRecord> directTls, List<SrvRecord> startTls) {
        List<S2sTarget> merged = new ArrayList<>(directTls.size() + startTls.size());
        int d = 0;
        int s = 0;
        while (d < directTls.size() || s < startTls.size()) {
            boolean takeDirect = s == startTls.size()
                    || d < directTls.size() && directTls.get(d).priority() <= startTls.get(s).priority();
            merged.add(takeDirect ? directTls.get(d++).toTarget() : startTls.get(s++).toTarget());
        }
        return merged;
    }
}
