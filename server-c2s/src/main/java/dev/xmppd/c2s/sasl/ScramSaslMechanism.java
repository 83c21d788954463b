package dev.xmppd.c2s.sasl;

import dev.xmppd.core.auth.DecoyCredentials;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramClientFirst;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.auth.ScramException;
import dev.xmppd.core.auth.ScramServer;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.AccountStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCRAM-SHA-1/256/512 and their {@code -PLUS} variants (RFC 5802, RFC 7677) over {@link ScramServer}. The account is
 * looked up asynchronously after the client-first-message; SCRAM itself costs the server a few HMACs only, so no
 * hashing executor is needed.
 */
final class ScramSaslMechanism implements SaslMechanism {

    private static final Logger log = LoggerFactory.getLogger(ScramSaslMechanism.class);

    private enum State { START, CLIENT_FIRST, CLIENT_FINAL, DONE }

    private final ScramServer scram;
    private final String domain;
    private final AccountStore accounts;
    private final DecoyCredentials decoys;
    private State state = State.START;
    private BareJid account;

    ScramSaslMechanism(ScramServer scram, String domain, AccountStore accounts, DecoyCredentials decoys) {
        this.scram = scram;
        this.domain = domain;
        this.accounts = accounts;
        this.decoys = decoys;
    }

    @Override
    public String name() {
        return scram.mechanism();
    }

    @Override
    public CompletionStage<SaslStep> start(byte[] initialResponse) {
        if (state != State.START) {
            return done(SaslFailure.MALFORMED_REQUEST, "exchange already started");
        }
        if (initialResponse == null) {
            // RFC 6120 §6.4.2: no initial response, so send an empty challenge and expect client-first next.
            state = State.CLIENT_FIRST;
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        return clientFirst(initialResponse);
    }

    @Override
    public CompletionStage<SaslStep> respond(byte[] response) {
        return switch (state) {
            case CLIENT_FIRST -> clientFirst(response);
            case CLIENT_FINAL -> clientFinal(response);
            default -> done(SaslFailure.MALFORMED_REQUEST, "unexpected response");
        };
    }

    private CompletionStage<SaslStep> clientFirst(byte[] message) {
        ScramClientFirst first;
        try {
            first = scram.clientFirst(message);
        } catch (ScramException e) {
            // Nothing was proven or disproven yet (a malformed message, a channel-binding type we do not support,
            // a downgraded flag): the client may try another mechanism without it counting as a password guess.
            state = State.DONE;
            return CompletableFuture.completedFuture(new SaslStep.Failure(condition(e), e.getMessage(), false));
        }
        account = Identities.account(first.username(), domain);
        if (!Identities.authzidAllowed(first.authzid(), account)) {
            return done(SaslFailure.INVALID_AUTHZID, null);
        }
        state = State.CLIENT_FINAL;
        if (account == null) {
            return CompletableFuture.completedFuture(decoy(first.username()));
        }
        String username = first.username();
        try {
            return accounts.find(account)
                    .handle((found, error) -> error != null ? storageFailed(error) : serverFirst(found, username));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(storageFailed(e));
        }
    }

    private SaslStep serverFirst(Optional<Account> found, String username) {
        ScramCredential credential = found.map(a -> a.credential(scram.algorithm())).orElse(null);
        if (credential == null) {
            // RFC 5802 §9: do not reveal that the user (or its credential for this hash) does not exist.
            return decoy(username);
        }
        return new SaslStep.Challenge(scram.serverFirst(credential));
    }

    private SaslStep decoy(String username) {
        return new SaslStep.Challenge(scram.serverFirstDecoy(decoys.credential(scram.algorithm(), username)));
    }

    private SaslStep storageFailed(Throwable error) {
        state = State.DONE;
        log.warn("Account lookup for {} failed during {}", account, name(), error);
        return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
    }

    private CompletionStage<SaslStep> clientFinal(byte[] message) {
        state = State.DONE;
        try {
            byte[] serverFinal = scram.clientFinal(message);
            return CompletableFuture.completedFuture(new SaslStep.Success(account.local(), serverFinal));
        } catch (ScramException e) {
            return done(e);
        }
    }

    private CompletionStage<SaslStep> done(ScramException e) {
        return done(condition(e), e.getMessage());
    }

    private static SaslFailure condition(ScramException e) {
        return switch (e.reason()) {
            case MALFORMED_REQUEST -> SaslFailure.MALFORMED_REQUEST;
            case NOT_AUTHORIZED -> SaslFailure.NOT_AUTHORIZED;
        };
    }

    private CompletionStage<SaslStep> done(SaslFailure condition, String text) {
        state = State.DONE;
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text));
    }

    /** The channel bindings of a connection as {@link ScramServer} takes them. */
    static Map<String, byte[]> bindings(ChannelBinding binding) {
        Map<String, byte[]> bindings = new java.util.LinkedHashMap<>();
        for (String type : binding.types()) {
            byte[] data = binding.data(type);
            if (data != null) {
                bindings.put(type, data);
            }
        }
        return bindings;
    }

    static ScramAlgorithm algorithm(String mechanism) {
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            if (mechanism.equals(algorithm.mechanism()) || mechanism.equals(algorithm.mechanism() + "-PLUS")) {
                return algorithm;
            }
        }
        return null;
    }
}
