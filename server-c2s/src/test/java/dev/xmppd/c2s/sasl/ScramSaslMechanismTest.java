package dev.xmppd.c2s.sasl;

import static dev.xmppd.c2s.sasl.SaslTestKit.DOMAIN;
import static dev.xmppd.c2s.sasl.SaslTestKit.PASSWORD;
import static dev.xmppd.c2s.sasl.SaslTestKit.SECRET;
import static dev.xmppd.c2s.sasl.SaslTestKit.binding;
import static dev.xmppd.c2s.sasl.SaslTestKit.challenge;
import static dev.xmppd.c2s.sasl.SaslTestKit.failure;
import static dev.xmppd.c2s.sasl.SaslTestKit.success;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import java.util.Base64;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScramSaslMechanismTest {

    private static final byte[] EXPORTER = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);

    private final SaslMechanisms mechanisms = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, false, SECRET);

    @Test
    void smackScramSha1Succeeds() throws Exception {
        // Setup test fixture
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, null, "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        // Execute system under test
        byte[] serverFirst = challenge(server.start(client.first()));
        SaslStep.Success success = success(server.respond(client.evaluate(serverFirst)));

        // Verify results: Smack checks our v= (server signature)
        assertThat(success.username()).isEqualTo("juliet");
        client.evaluate(success.additionalData());
        client.checkSuccess();
    }

    @Test
    void smackScramSha1WithItsOwnJidAsAuthzidSucceeds() throws Exception {
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, "juliet@example.com", "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        byte[] serverFirst = challenge(server.start(client.first()));

        assertThat(success(server.respond(client.evaluate(serverFirst))).username()).isEqualTo("juliet");
    }

    @Test
    void smackScramSha1ActingAsAnotherUserIsInvalidAuthzid() throws Exception {
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, "romeo@example.com", "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        failure(server.start(client.first()), SaslFailure.INVALID_AUTHZID);
    }

    @Test
    void smackScramSha1WrongPasswordIsNotAuthorized() throws Exception {
        SmackScram.Client client = SmackScram.sha1("juliet", "wrong", null, "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        byte[] serverFirst = challenge(server.start(client.first()));

        failure(server.respond(client.evaluate(serverFirst)), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void smackScramSha1UnknownUserLooksLikeAKnownOneUntilTheProof() throws Exception {
        SmackScram.Client ghost = SmackScram.sha1("ghost", PASSWORD, null, "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);
        SaslMechanism again = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        byte[] serverFirst = challenge(server.start(ghost.first()));
        String salt = attribute(serverFirst, "s=");
        String secondSalt = attribute(challenge(again.start(SmackScram.sha1("ghost", "x", null, "n").first())), "s=");

        // The decoy salt is stable per user (a real one would be), and of the usual size and iteration count.
        assertThat(secondSalt).isEqualTo(salt);
        assertThat(Base64.getDecoder().decode(salt)).hasSize(16);
        assertThat(attribute(serverFirst, "i=")).isEqualTo("4096");
        failure(server.respond(ghost.evaluate(serverFirst)), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void smackScramSha1TamperedProofIsNotAuthorized() throws Exception {
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, null, "n");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);
        byte[] serverFirst = challenge(server.start(client.first()));
        String clientFinal = new String(client.evaluate(serverFirst), UTF_8);
        int p = clientFinal.indexOf(",p=") + 3;
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(p));
        proof[3] ^= 0x20;

        String tampered = clientFinal.substring(0, p) + Base64.getEncoder().encodeToString(proof);

        failure(server.respond(tampered.getBytes(UTF_8)), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void smackClaimingChannelBindingSupportIsRefusedWhenWeOfferPlus() throws SmackSaslException {
        // RFC 5802 §6: "y" while we offered -PLUS means someone stripped -PLUS from our feature list.
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, null, "y");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, binding("tls-exporter", EXPORTER));

        failure(server.start(client.first()), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void smackClaimingChannelBindingSupportIsFineWithoutPlus() throws Exception {
        SmackScram.Client client = SmackScram.sha1("juliet", PASSWORD, null, "y");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-1", DOMAIN, true, ChannelBinding.NONE);

        byte[] serverFirst = challenge(server.start(client.first()));

        success(server.respond(client.evaluate(serverFirst)));
    }

    @ParameterizedTest
    @CsvSource({"SCRAM-SHA-1, SHA-1", "SCRAM-SHA-256, SHA-256", "SCRAM-SHA-512, SHA-512"})
    void independentClientSucceedsAndFailsWithEveryHash(String mechanism, String hash) throws Exception {
        JcaScramClient good = new JcaScramClient(hash, "n,,", new byte[0], "Juliet");
        JcaScramClient bad = new JcaScramClient(hash, "n,,", new byte[0], "juliet");
        SaslMechanism first = mechanisms.create(mechanism, DOMAIN, false, ChannelBinding.NONE);
        SaslMechanism second = mechanisms.create(mechanism, DOMAIN, false, ChannelBinding.NONE);

        SaslStep.Success success = success(first.respond(good.clientFinal(challenge(first.start(good.clientFirst())),
                PASSWORD)));
        SaslStep failed = SaslTestKit.join(second.respond(bad.clientFinal(challenge(second.start(bad.clientFirst())),
                "wrong")));

        // UsernameCaseMapped: "Juliet" authenticates as juliet.
        assertThat(success.username()).isEqualTo("juliet");
        assertThat(new String(success.additionalData(), UTF_8)).isEqualTo(good.expectedServerFinal());
        assertThat(failed).isEqualTo(new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "invalid-proof"));
    }

    @ParameterizedTest
    @CsvSource({"SCRAM-SHA-1-PLUS, SHA-1", "SCRAM-SHA-256-PLUS, SHA-256", "SCRAM-SHA-512-PLUS, SHA-512"})
    void plusVariantsCheckTheChannelBinding(String mechanism, String hash) throws Exception {
        ChannelBinding tls = binding("tls-exporter", EXPORTER);
        byte[] otherConnection = EXPORTER.clone();
        otherConnection[31] ^= 1;
        JcaScramClient good = new JcaScramClient(hash, "p=tls-exporter,,", EXPORTER, "juliet");
        JcaScramClient relayed = new JcaScramClient(hash, "p=tls-exporter,,", otherConnection, "juliet");
        SaslMechanism first = mechanisms.create(mechanism, DOMAIN, true, tls);
        SaslMechanism second = mechanisms.create(mechanism, DOMAIN, true, tls);

        success(first.respond(good.clientFinal(challenge(first.start(good.clientFirst())), PASSWORD)));
        failure(second.respond(relayed.clientFinal(challenge(second.start(relayed.clientFirst())), PASSWORD)),
                SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void plusWithATypeTheConnectionLacksFails() {
        JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-unique,,", EXPORTER, "juliet");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-256-PLUS", DOMAIN, true,
                binding("tls-exporter", EXPORTER));

        failure(server.start(client.clientFirst()), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void nonPlusWithChannelBindingFlagIsMalformed() {
        JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-exporter,,", EXPORTER, "juliet");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-256", DOMAIN, true, binding("tls-exporter", EXPORTER));

        failure(server.start(client.clientFirst()), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void withoutInitialResponseTheServerSendsAnEmptyChallengeFirst() throws Exception {
        JcaScramClient client = new JcaScramClient("SHA-256", "n,,", new byte[0], "juliet");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-256", DOMAIN, true, ChannelBinding.NONE);

        assertThat(challenge(server.start(null))).isEmpty();
        byte[] serverFirst = challenge(server.respond(client.clientFirst()));

        success(server.respond(client.clientFinal(serverFirst, PASSWORD)));
    }

    @Test
    void emptyInitialResponseIsMalformed() {
        SaslMechanism server = mechanisms.create("SCRAM-SHA-256", DOMAIN, true, ChannelBinding.NONE);

        failure(server.start(new byte[0]), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void responseAfterTheEndIsMalformed() throws Exception {
        JcaScramClient client = new JcaScramClient("SHA-256", "n,,", new byte[0], "juliet");
        SaslMechanism server = mechanisms.create("SCRAM-SHA-256", DOMAIN, true, ChannelBinding.NONE);
        byte[] clientFinal = client.clientFinal(challenge(server.start(client.clientFirst())), PASSWORD);
        success(server.respond(clientFinal));

        failure(server.respond(clientFinal), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void storageFailureIsATemporaryAuthFailure() {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        storage.close();
        SaslMechanisms broken = new SaslMechanisms(storage.accounts(), Runnable::run, false, SECRET);
        JcaScramClient client = new JcaScramClient("SHA-256", "n,,", new byte[0], "juliet");

        failure(broken.create("SCRAM-SHA-256", DOMAIN, true, ChannelBinding.NONE).start(client.clientFirst()),
                SaslFailure.TEMPORARY_AUTH_FAILURE);
    }

    private static String attribute(byte[] message, String prefix) {
        for (String attribute : new String(message, UTF_8).split(",")) {
            if (attribute.startsWith(prefix)) {
                return attribute.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + new String(message, UTF_8));
    }
}
