package dev.xmppd.core.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamHeadersTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "1.0, true", "1.1, true", "1.10, true", "01.0, true", "001.02, true",
        "2.0, false", "0.9, false", "10.0, false", "1, false", "1., false", ".0, false", "1.0.0, false",
        "1.x, false", "' 1.0', false", "'', false", "null, false"})
    void onlyMajorVersionOneIsSupported(String version, boolean supported) {
        assertThat(StreamHeaders.isVersion1(version)).isEqualTo(supported);
    }
}
