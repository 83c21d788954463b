package dev.xmppd.c2s.sasl;

import dev.xmppd.core.auth.DecoyCredentials;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.PlainVerifications;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.AccountStore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}. The password is checked against a stored SCRAM
 * credential, which costs a full PBKDF2 run, on the hashing executor; unknown users cost the same (a decoy). A
 * password that was checked successfully against the same stored credential in the last minutes is accepted after
 * one HMAC ({@link PlainVerifications}); failures always take the PBKDF2 path.
 */
final class PlainSaslMechanism implements SaslMechanism {

    private static final Logger log = LoggerFactory.getLogger(PlainSaslMechanism.class);

    /** Which stored credential to check a PLAIN password against, first found wins. */
    private static final List<ScramAlgorithm> PREFERENCE =
            List.of(ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_512, ScramAlgorithm.SHA_1);

    private final String domain;
    private final AccountStore accounts;
    private final Executor hashing;
    private final DecoyCredentials decoys;
    private final PlainVerifications verified;
    private boolean started;
    private boolean expectResponse;

    PlainSaslMechanism(String domain, AccountStore accounts, Executor hashing, DecoyCredentials decoys,
            PlainVerifications verified) {
        this.domain = domain;
        this.accounts = accounts;
        this.hashing = hashing;
        this.decoys = decoys;
        this.verified = verified;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public CompletionStage<SaslStep> start(byte[] initialResponse) {
        if (started) {
            return failure(SaslFailure.MALFORMED_REQUEST, "exchange already started");
        }
        started = true;
        if (initialResponse == null) {
            // RFC 6120 §6.4.2: no initial response; an empty challenge asks for the message.
            expectResponse = true;
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        return authenticate(initialResponse);
    }

    @Override
    public CompletionStage<SaslStep> respond(byte[] response) {
        if (!expectResponse) {
            return failure(SaslFailure.MALFORMED_REQUEST, "unexpected response");
        }
        expectResponse = false;
        return authenticate(response);
    }

    private CompletionStage<SaslStep> authenticate(byte[] message) {
        String[] parts;
        try {
            parts = decode(message).split("\0", -1);
        } catch (CharacterCodingException e) {
            return failure(SaslFailure.MALFORMED_REQUEST, "not UTF-8");
        }
        // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd, authcid and passwd non-empty.
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return failure(SaslFailure.MALFORMED_REQUEST, "expected [authzid] NUL authcid NUL passwd");
        }
        String authcid = parts[1];
        String password = parts[2];
        BareJid account = Identities.account(authcid, domain);
        if (!Identities.authzidAllowed(parts[0], account)) {
            return failure(SaslFailure.INVALID_AUTHZID, null);
        }
        if (account == null) {
            return verify(Optional.empty(), authcid, password);
        }
        CompletionStage<Optional<Account>> lookup;
        try {
            lookup = accounts.find(account);
        } catch (RuntimeException e) {
            return storageFailed(account, e);
        }
        return lookup.handle((found, error) -> error != null ? storageFailed(account, error)
                : verify(found, authcid, password)).thenCompose(step -> step);
    }

    private CompletionStage<SaslStep> verify(Optional<Account> found, String authcid, String password) {
        ScramCredential stored = found.flatMap(PlainSaslMechanism::credential).orElse(null);
        ScramCredential credential = stored != null ? stored : decoys.credential(ScramAlgorithm.SHA_256, authcid);
        boolean known = stored != null;
        if (known && verified.matches(found.get().jid(), stored, password)) {
            // Checked against this very credential a few minutes ago: one HMAC instead of PBKDF2.
            return CompletableFuture.completedFuture(new SaslStep.Success(found.get().jid().local(), null));
        }
        // Unknown users pay the same PBKDF2 cost, so timing does not reveal them.
        CompletableFuture<Boolean> check;
        try {
            check = CompletableFuture.supplyAsync(() -> {
                boolean ok = Passwords.verify(password, credential) && known;
                if (ok) {
                    verified.remember(found.get().jid(), stored, password);
                }
                return ok;
            }, hashing);
        } catch (RejectedExecutionException e) {
            log.warn("Password check rejected by the hashing executor", e);
            return failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        }
        return check.handle((ok, error) -> {
            if (error != null) {
                log.warn("Password check failed", error);
                return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
            }
            return ok ? new SaslStep.Success(found.get().jid().local(), null)
                    : new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, null);
        });
    }

    private static Optional<ScramCredential> credential(Account account) {
        return PREFERENCE.stream().map(account::credential).filter(c -> c != null).findFirst();
    }

    private static CompletionStage<SaslStep> storageFailed(BareJid account, Throwable error) {
        log.warn("Account lookup for {} failed during PLAIN", account, error);
        return failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
    }

    private static String decode(byte[] message) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(message))
                .toString();
    }

    private static CompletionStage<SaslStep> failure(SaslFailure condition, String text) {
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text));
    }
}
