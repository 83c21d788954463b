package dev.xmppd.c2s.sasl;

import static dev.xmppd.c2s.sasl.SaslTestKit.DOMAIN;
import static dev.xmppd.c2s.sasl.SaslTestKit.PASSWORD;
import static dev.xmppd.c2s.sasl.SaslTestKit.SECRET;
import static dev.xmppd.c2s.sasl.SaslTestKit.failure;
import static dev.xmppd.c2s.sasl.SaslTestKit.success;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainSaslMechanismTest {

    private final Queue<Runnable> hashingQueue = new ArrayDeque<>();
    private final SaslMechanisms mechanisms =
            new SaslMechanisms(SaslTestKit.accounts(), hashingQueue::add, false, SECRET);

    @Test
    void passwordIsCheckedOnTheHashingExecutorNotOnTheCaller() {
        // Setup test fixture
        SaslMechanism plain = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE);

        // Execute system under test
        CompletionStage<SaslStep> step = plain.start(("\0juliet\0" + PASSWORD).getBytes(UTF_8));

        // Verify results: nothing happens until the hashing executor runs the PBKDF2 task
        assertThat(step.toCompletableFuture()).isNotDone();
        assertThat(hashingQueue).hasSize(1);
        hashingQueue.remove().run();
        assertThat(success(step)).isEqualTo(new SaslStep.Success("juliet", null));
    }

    @Test
    void aSecondLoginWithTheSamePasswordSkipsPbkdf2ButAWrongOneDoesNot() {
        // Setup test fixture: one successful login
        CompletionStage<SaslStep> first = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE)
                .start(("\0juliet\0" + PASSWORD).getBytes(UTF_8));
        hashingQueue.remove().run();
        success(first);

        // Execute system under test
        CompletionStage<SaslStep> again = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE)
                .start(("\0juliet\0" + PASSWORD).getBytes(UTF_8));
        CompletionStage<SaslStep> wrong = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE)
                .start(("\0juliet\0wrong").getBytes(UTF_8));

        // Verify results: the repeat succeeds at once; the wrong password still waits for PBKDF2
        assertThat(success(again)).isEqualTo(new SaslStep.Success("juliet", null));
        assertThat(wrong.toCompletableFuture()).isNotDone();
        assertThat(hashingQueue).hasSize(1);
        hashingQueue.remove().run();
        failure(wrong, SaslFailure.NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | juliet | r0meo&Juliet | SUCCESS",
        "juliet@example.com  | juliet | r0meo&Juliet | SUCCESS",
        "''                  | JULIET | r0meo&Juliet | SUCCESS",
        "''                  | juliet | wrong        | NOT_AUTHORIZED",
        "''                  | ghost  | r0meo&Juliet | NOT_AUTHORIZED",
        "romeo@example.com   | juliet | r0meo&Juliet | INVALID_AUTHZID",
        "juliet@example.org  | juliet | r0meo&Juliet | INVALID_AUTHZID",
        "juliet@example.com/r | juliet | r0meo&Juliet | INVALID_AUTHZID",
    })
    void authenticates(String authzid, String authcid, String password, String expected) {
        SaslMechanism plain = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE);

        CompletionStage<SaslStep> step = plain.start((authzid + "\0" + authcid + "\0" + password).getBytes(UTF_8));
        hashingQueue.forEach(Runnable::run);

        if (expected.equals("SUCCESS")) {
            assertThat(success(step).username()).isEqualTo("juliet");
        } else {
            failure(step, SaslFailure.valueOf(expected));
        }
    }

    @Test
    void unknownUsersCostAPasswordCheckToo() {
        SaslMechanism plain = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE);

        CompletionStage<SaslStep> step = plain.start(("\0ghost\0" + PASSWORD).getBytes(UTF_8));

        assertThat(hashingQueue).hasSize(1);
        hashingQueue.remove().run();
        failure(step, SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void malformedMessages() {
        for (byte[] message : new byte[][] {new byte[0], "juliet".getBytes(UTF_8), "\0juliet".getBytes(UTF_8),
            "\0juliet\0".getBytes(UTF_8), "\0\0secret".getBytes(UTF_8), "a\0b\0c\0d".getBytes(UTF_8),
            {0, 'j', 0, (byte) 0xff, 'x'}}) {
            SaslMechanism plain = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE);
            failure(plain.start(message), SaslFailure.MALFORMED_REQUEST);
        }
        assertThat(hashingQueue).isEmpty();
    }

    @Test
    void withoutInitialResponseAnEmptyChallengeComesFirst() {
        SaslMechanism plain = mechanisms.create("PLAIN", DOMAIN, true, ChannelBinding.NONE);

        assertThat(SaslTestKit.challenge(plain.start(null))).isEmpty();
        CompletionStage<SaslStep> step = plain.respond(("\0juliet\0" + PASSWORD).getBytes(UTF_8));
        hashingQueue.remove().run();

        success(step);
        failure(plain.respond(new byte[0]), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void saturatedHashingExecutorIsATemporaryAuthFailure() {
        SaslMechanisms saturated = new SaslMechanisms(SaslTestKit.accounts(), task -> {
            throw new RejectedExecutionException("full");
        }, false, SECRET);

        failure(saturated.create("PLAIN", DOMAIN, true, ChannelBinding.NONE)
                .start(("\0juliet\0" + PASSWORD).getBytes(UTF_8)), SaslFailure.TEMPORARY_AUTH_FAILURE);
    }
}
