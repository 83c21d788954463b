package dev.xmppd.c2s.sm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XEP-0198 §4 counting: acknowledgements trim the queue, modulo 2^32, and the queue is bounded. */
class UnackedQueueTest {

    @Test
    void anAckRemovesWhatItCoversOldestFirst() {
        UnackedQueue q = new UnackedQueue(10);
        q.add("s1");
        q.add("s2");
        q.add("s3");

        int removed = q.acknowledge(2);

        assertThat(removed).isEqualTo(2);
        assertThat(q.snapshot()).containsExactly("s3");
        assertThat(q.sent()).isEqualTo(3);
    }

    @Test
    void aStaleAckChangesNothingAndARepeatedOneRemovesNothingMore() {
        UnackedQueue q = new UnackedQueue(10);
        q.add("s1");
        q.add("s2");
        q.acknowledge(2);
        q.add("s3");

        assertThat(q.acknowledge(1)).isZero();
        assertThat(q.acknowledge(2)).isZero();
        assertThat(q.snapshot()).containsExactly("s3");
    }

    @Test
    void anAckAboveWhatWasSentIsRefusedAndKeepsTheQueue() {
        UnackedQueue q = new UnackedQueue(10);
        q.add("s1");

        assertThat(q.acknowledge(2)).isEqualTo(-1);
        assertThat(q.snapshot()).containsExactly("s1");
    }

    @Test
    void countingWrapsAt2To32() {
        // Setup test fixture: 4294967294 stanzas already sent and acknowledged
        UnackedQueue q = new UnackedQueue(10, 0xFFFF_FFFEL);

        // Execute system under test
        q.add("a");
        q.add("b");
        q.add("c");

        // Verify results: h went 4294967295, 0, 1
        assertThat(q.sent()).isEqualTo(1);
        assertThat(q.acknowledge(0xFFFF_FFFFL)).isEqualTo(1);
        assertThat(q.acknowledge(0)).isEqualTo(1);
        assertThat(q.acknowledge(2)).isEqualTo(-1);
        assertThat(q.acknowledge(1)).isEqualTo(1);
        assertThat(q.size()).isZero();
    }

    @Test
    void theQueueIsBounded() {
        UnackedQueue q = new UnackedQueue(2);

        assertThat(q.add("s1")).isTrue();
        assertThat(q.add("s2")).isTrue();
        assertThat(q.add("s3")).isFalse();
        assertThat(q.sent()).isEqualTo(2);
        assertThat(q.isFull()).isTrue();
        assertThat(q.drain()).containsExactly("s1", "s2");
        assertThat(q.size()).isZero();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "0, 0", "4294967295, 4294967295", "4294967296, -1", "-1, -1", "1e3, -1", "'', -1", "null, -1",
        "99999999999, -1",
    })
    void hIsAnUnsigned32BitInteger(String value, long expected) {
        assertThat(UnackedQueue.parseH(value)).isEqualTo(expected);
    }
}
