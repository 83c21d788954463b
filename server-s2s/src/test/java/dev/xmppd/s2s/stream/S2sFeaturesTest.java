package dev.xmppd.s2s.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class S2sFeaturesTest {

    static Stream<S2sFeatures> features() {
        return Stream.of(
                new S2sFeatures(true, true, List.of(), false, false),
                new S2sFeatures(true, false, List.of(), true, false),
                new S2sFeatures(false, false, List.of("EXTERNAL"), true, true),
                new S2sFeatures(false, false, List.of(), true, false),
                S2sFeatures.NONE);
    }

    @ParameterizedTest
    @MethodSource("features")
    void readsBackWhatItWrites(S2sFeatures features) {
        var wire = Unpooled.wrappedBuffer(features.toElement().toBytes());
        assertThat(S2sFeatures.parse(S2sWire.single(wire))).isEqualTo(features);
    }

    @Test
    void readsProsodyStyleFeaturesIgnoringUnknownOnes() {
        var wire = Unpooled.copiedBuffer("<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/>"
                + "</dialback><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>EXTERNAL</mechanism>"
                + "</mechanisms><ver xmlns='urn:xmpp:features:rosterver'/></stream:features>",
                java.nio.charset.StandardCharsets.UTF_8);

        S2sFeatures read = S2sFeatures.parse(S2sWire.single(wire));

        assertThat(read.offersExternal()).isTrue();
        assertThat(read.dialback()).isTrue();
        assertThat(read.startTls()).isFalse();
        assertThat(read.bidi()).isFalse();
    }
}
