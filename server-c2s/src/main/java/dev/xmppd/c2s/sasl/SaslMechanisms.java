package dev.xmppd.c2s.sasl;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.DecoyCredentials;
import dev.xmppd.core.auth.PlainVerifications;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramServer;
import dev.xmppd.core.config.AuthConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.AccountStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The SASL mechanisms of the server (RFC 6120 §6.3.3): which ones a stream offers, and a fresh
 * {@link SaslMechanism} per {@code <auth/>}.
 *
 * <p>Order of preference: SCRAM-SHA-512-PLUS, SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS (only with channel binding),
 * SCRAM-SHA-512, SCRAM-SHA-256, SCRAM-SHA-1, PLAIN (only on an encrypted stream, unless
 * {@code auth.plain-without-tls}).
 *
 * <p>Successful PLAIN checks are remembered for a few minutes ({@link PlainVerifications}), so that a client that
 * reconnects with the same password does not cost another PBKDF2 run.
 */
public final class SaslMechanisms {

    /** PLAIN. */
    public static final String PLAIN = "PLAIN";

    private static final List<ScramAlgorithm> STRONGEST_FIRST =
            List.of(ScramAlgorithm.SHA_512, ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_1);

    private final AccountStore accounts;
    private final Executor hashing;
    private final boolean plainWithoutTls;
    private final DecoyCredentials decoys;
    private final PlainVerifications plainVerifications = new PlainVerifications();
    private final Predicate<BareJid> disabled;

    /**
     * @param accounts where credentials are looked up
     * @param hashing runs PBKDF2 for PLAIN; bounded, never an event loop
     * @param plainWithoutTls offer PLAIN on unencrypted streams (benchmarks only)
     * @param serverSecret at least 16 bytes, stable across restarts: derives decoy salts for unknown users
     */
    public SaslMechanisms(AccountStore accounts, Executor hashing, boolean plainWithoutTls, byte[] serverSecret) {
        this(accounts, hashing, plainWithoutTls, serverSecret, account -> false);
    }

    /**
     * As above, refusing the accounts {@code disabled} names with {@code account-disabled} (RFC 6120 §6.5.1) once
     * they have proved their password, so that the condition tells nothing to someone who does not know it.
     */
    public SaslMechanisms(AccountStore accounts, Executor hashing, boolean plainWithoutTls, byte[] serverSecret,
            Predicate<BareJid> disabled) {
        this(accounts, hashing, plainWithoutTls, new DecoyCredentials(serverSecret,
                AuthConfig.defaults().scramIterations()), disabled);
    }

    /** As above, with {@code plain-without-tls} and the iteration count of decoys taken from the config. */
    public SaslMechanisms(AccountStore accounts, Executor hashing, AuthConfig auth, byte[] serverSecret) {
        this(accounts, hashing, auth.plainWithoutTls(), new DecoyCredentials(serverSecret, auth.scramIterations()),
                account -> false);
    }

    private SaslMechanisms(AccountStore accounts, Executor hashing, boolean plainWithoutTls,
            DecoyCredentials decoys, Predicate<BareJid> disabled) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.hashing = requireNonNull(hashing, "hashing");
        this.plainWithoutTls = plainWithoutTls;
        this.decoys = decoys;
        this.disabled = requireNonNull(disabled, "disabled");
    }

    /** The mechanisms to offer in {@code <mechanisms/>}, strongest first. */
    public List<String> offered(boolean secure, ChannelBinding binding) {
        requireNonNull(binding, "binding");
        List<String> names = new ArrayList<>(7);
        if (!binding.types().isEmpty()) {
            STRONGEST_FIRST.forEach(a -> names.add(a.mechanism() + "-PLUS"));
        }
        STRONGEST_FIRST.forEach(a -> names.add(a.mechanism()));
        if (secure || plainWithoutTls) {
            names.add(PLAIN);
        }
        return List.copyOf(names);
    }

    /**
     * A new exchange for a mechanism the client selected, or {@code null} if that mechanism is not offered on this
     * stream (answer {@code invalid-mechanism}, RFC 6120 §6.5.7).
     *
     * @param domain the virtual host the stream is addressed to
     */
    public SaslMechanism create(String name, String domain, boolean secure, ChannelBinding binding) {
        requireNonNull(name, "name");
        requireNonNull(domain, "domain");
        requireNonNull(binding, "binding");
        if (!offered(secure, binding).contains(name)) {
            return null;
        }
        if (name.equals(PLAIN)) {
            return gated(new PlainSaslMechanism(domain, accounts, hashing, decoys, plainVerifications), domain);
        }
        boolean plus = name.endsWith("-PLUS");
        Map<String, byte[]> bindings = ScramSaslMechanism.bindings(binding);
        if (plus && bindings.isEmpty()) {
            return null;
        }
        ScramServer scram = new ScramServer(ScramSaslMechanism.algorithm(name), plus, bindings);
        return gated(new ScramSaslMechanism(scram, domain, accounts, decoys), domain);
    }

    /** {@code mechanism}, with a success for a disabled account turned into {@code account-disabled}. */
    private SaslMechanism gated(SaslMechanism mechanism, String domain) {
        return new SaslMechanism() {
            @Override
            public String name() {
                return mechanism.name();
            }

            @Override
            public CompletionStage<SaslStep> start(byte[] initialResponse) {
                return mechanism.start(initialResponse).thenApply(this::check);
            }

            @Override
            public CompletionStage<SaslStep> respond(byte[] response) {
                return mechanism.respond(response).thenApply(this::check);
            }

            private SaslStep check(SaslStep step) {
                if (step instanceof SaslStep.Success success
                        && disabled.test(BareJid.of(success.username(), domain))) {
                    return new SaslStep.Failure(SaslFailure.ACCOUNT_DISABLED, "this account is disabled", false);
                }
                return step;
            }
        };
    }
}
