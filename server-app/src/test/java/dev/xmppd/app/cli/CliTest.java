package dev.xmppd.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.StorageException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final BareJid ALICE = BareJid.parse("alice@localhost");

    @TempDir
    Path dir;
    private Path config;
    private final FakeLauncher launcher = new FakeLauncher();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String stdin = "";
    private Map<String, String> env = Map.of();

    @BeforeEach
    void writeConfig() throws IOException {
        config = dir.resolve("xmppd.yml");
        Files.writeString(config, "hosts: [localhost]\n");
    }

    @Test
    void adduserWithPasswordArgumentStoresScramCredentials() {
        int status = xmppd("adduser", "Alice@localhost", "s3cret");

        assertThat(status).isZero();
        assertThat(out()).isEqualTo("added alice@localhost\n");
        assertThat(err()).isEmpty();
        assertThat(Passwords.verify("s3cret", account(ALICE).orElseThrow().credential(ScramAlgorithm.SHA_256)))
                .isTrue();
        assertThat(launcher.storageCloses.get()).isEqualTo(launcher.storageOpens.get()).isEqualTo(1);
    }

    @Test
    void adduserReadsOneLineOfStdinWithoutConsole() {
        stdin = "from stdin\nsecond line\n";

        int status = xmppd("adduser", "alice@localhost");

        assertThat(status).isZero();
        assertThat(Passwords.verify("from stdin", account(ALICE).orElseThrow().credential(ScramAlgorithm.SHA_1)))
                .isTrue();
    }

    @Test
    void adduserWithoutPasswordOnStdinFails() {
        int status = xmppd("adduser", "alice@localhost");

        assertThat(status).isEqualTo(1);
        assertThat(err()).isEqualTo("no password given (expected: an argument or one line on standard input)\n");
        assertThat(account(ALICE)).isEmpty();
    }

    @Test
    void adduserRejectsInvalidPassword() {
        int status = xmppd("adduser", "alice@localhost", "");

        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("password: ").endsWith("\n").hasLineCount(1);
    }

    @Test
    void adduserTwiceFails() {
        xmppd("adduser", "alice@localhost", "one");

        int status = xmppd("adduser", "alice@localhost", "two");

        assertThat(status).isEqualTo(1);
        assertThat(err()).isEqualTo("alice@localhost already exists\n");
        assertThat(Passwords.verify("one", account(ALICE).orElseThrow().credential(ScramAlgorithm.SHA_512))).isTrue();
    }

    @Test
    void adduserOnlyForServedHosts() {
        int status = xmppd("adduser", "alice@example.org", "pw");

        assertThat(status).isEqualTo(1);
        assertThat(err()).isEqualTo("example.org is not served here (hosts: localhost)\n");
        assertThat(launcher.storageOpens.get()).isZero();
    }

    @Test
    void overridesApplyToCommands() {
        int status = xmppd("--set", "hosts=[example.org]", "adduser", "alice@example.org", "pw");

        assertThat(status).isZero();
        assertThat(account(BareJid.parse("alice@example.org"))).isPresent();
    }

    @Test
    void adduserNeedsAnAccountAddress() {
        assertThat(xmppd("adduser", "localhost", "pw")).isEqualTo(1);
        assertThat(xmppd("adduser", "alice@localhost/phone", "pw")).isEqualTo(1);
        assertThat(err()).isEqualTo("localhost (expected: an account address such as alice@localhost)\n"
                + "alice@localhost/phone (expected: an account address such as alice@localhost)\n");
    }

    @Test
    void storageFailureIsOneLine() {
        launcher.storageFailure = new StorageException("Database may be already in use: data/xmppd.mv.db");

        assertThat(xmppd("deluser", "alice@localhost")).isEqualTo(1);
        assertThat(err()).isEqualTo("Database may be already in use: data/xmppd.mv.db\n");
    }

    @Test
    void deluserDeletesOrSaysThereIsNone() {
        xmppd("adduser", "alice@localhost", "pw");

        assertThat(xmppd("deluser", "alice@localhost")).isZero();
        assertThat(xmppd("deluser", "alice@localhost")).isEqualTo(1);

        assertThat(out()).isEqualTo("added alice@localhost\ndeleted alice@localhost\n");
        assertThat(err()).isEqualTo("no such account: alice@localhost\n");
        assertThat(account(ALICE)).isEmpty();
    }

    @Test
    void passwdReplacesTheCredentials() {
        xmppd("adduser", "alice@localhost", "old");

        int status = xmppd("passwd", "alice@localhost", "new");

        assertThat(status).isZero();
        assertThat(out()).endsWith("changed the password of alice@localhost\n");
        Account account = account(ALICE).orElseThrow();
        assertThat(Passwords.verify("new", account.credential(ScramAlgorithm.SHA_256))).isTrue();
        assertThat(Passwords.verify("old", account.credential(ScramAlgorithm.SHA_256))).isFalse();
    }

    @Test
    void passwdOfUnknownAccountFails() {
        assertThat(xmppd("passwd", "bob@localhost", "pw")).isEqualTo(1);
        assertThat(err()).isEqualTo("no such account: bob@localhost\n");
    }

    @Test
    void checkConfigPrintsOk() {
        assertThat(xmppd("check-config")).isZero();
        assertThat(out()).isEqualTo(config + ": OK\n");
    }

    @Test
    void checkConfigPrintsTheErrorAndExits2() throws IOException {
        Files.writeString(config, "hosts: [localhost]\nlimits:\n  xml-depth: 0\n");

        assertThat(xmppd("check-config")).isEqualTo(2);
        assertThat(err()).isEqualTo(config + ":3: limits.xml-depth: 0 (expected: >= 2)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void configFileFromEnvironmentWhenNoOption() {
        env = Map.of("XMPPD_CONFIG", config.toString());

        assertThat(run(List.of("check-config"))).isZero();
        assertThat(out()).isEqualTo(config + ": OK\n");
    }

    @Test
    void missingConfigFileExits2() {
        assertThat(run(List.of("-c", dir.resolve("nope.yml").toString(), "check-config"))).isEqualTo(2);
        assertThat(err()).isEqualTo(dir.resolve("nope.yml") + ": no such file\n");
    }

    @Test
    void environmentOverridesAreChecked() {
        env = Map.of("XMPPD_LIMITS_XML_DEPTH", "1");

        assertThat(xmppd("check-config")).isEqualTo(2);
        assertThat(err()).isEqualTo("XMPPD_LIMITS_XML_DEPTH: limits.xml-depth: 1 (expected: >= 2)\n");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(xmppd("frobnicate")).isEqualTo(2);
        assertThat(xmppd("deluser")).isEqualTo(2);
        assertThat(run(List.of("-x"))).isEqualTo(2);
        assertThat(run(List.of("--set"))).isEqualTo(2);

        assertThat(err()).isEqualTo("unknown command: frobnicate (expected one of: run, adduser, deluser, passwd,"
                + " check-config, version, help)\n"
                + "deluser: 0 arguments (expected: deluser JID)\n"
                + "unknown option: -x (expected: -c FILE, --set key=value, or a command; see xmppd help)\n"
                + "--set: missing value\n");
    }

    @Test
    void versionAndHelp() {
        assertThat(run(List.of("version"))).isZero();
        assertThat(run(List.of("--help"))).isZero();

        assertThat(out()).startsWith("xmppd ").contains("\nUsage: xmppd [-c FILE] [--set key=value]...");
    }

    @Test
    void runStartsAndStopsOnShutdownHook() throws Exception {
        // Setup test fixture
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> xmppd("--set", "listeners.c2s.port=0", "run"));

        // Execute system under test: the JVM runs the hook on SIGTERM
        Runnable hook = launcher.shutdownHook.get(10, TimeUnit.SECONDS);
        assertThat(status).isNotDone();
        hook.run();

        // Verify results
        assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(launcher.serverClosed).isDone();
        assertThat(launcher.started).singleElement()
                .satisfies(c -> assertThat(c.listeners().c2s().port()).isZero());
    }

    @Test
    void noCommandMeansRun() {
        launcher.serverClosed.complete(null);

        assertThat(run(List.of("-c", config.toString()))).isZero();
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void startupFailureIsOneLineWithoutStackTrace() {
        launcher.startFailure = new IllegalStateException(
                "listeners.c2s: cannot bind 0.0.0.0:5222: Address already in use");

        assertThat(xmppd("run")).isEqualTo(1);
        assertThat(err()).isEqualTo("listeners.c2s: cannot bind 0.0.0.0:5222: Address already in use\n");
        assertThat(launcher.shutdownHook).isNotDone();
    }

    @Test
    void configErrorPreventsStart() {
        assertThat(xmppd("--set", "listeners.c2s.port=-1", "run")).isEqualTo(2);
        assertThat(err()).isEqualTo("--set listeners.c2s.port=-1: listeners.c2s.port: -1 (expected: 0..65535)\n");
        assertThat(launcher.started).isEmpty();
    }

    /** Runs with {@code -c} the test's file. */
    private int xmppd(String... args) {
        List<String> argv = new ArrayList<>(List.of("-c", config.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    private int run(List<String> argv) {
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader(stdin)), null);
        return new Cli(terminal, env, launcher).run(argv);
    }

    private Optional<Account> account(BareJid jid) {
        return launcher.storage.accounts().find(jid).toCompletableFuture().join();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
