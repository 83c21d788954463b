package dev.xmppd.it.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer server (Prosody, ejabberd) running as a child process of the test JVM, in the foreground, with its output
 * in a file under {@code target/peers/}. Ready means its listening ports accept connections (polled, never a
 * sleep). {@link #close()} sends SIGTERM and waits, then kills; a JVM shutdown hook does the same if the tests die
 * first, so no peer outlives the build.
 */
final class PeerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerProcess.class);

    private final String name;
    private final Process process;
    private final Path output;
    private final Thread reaper;

    private PeerProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.reaper = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code command} in {@code workDir} and waits until every address in {@code ports} accepts a
     * connection. Fails at once if one of them is already taken (a peer left over from an earlier run would
     * otherwise answer in place of this one).
     */
    static PeerProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path output, List<InetSocketAddress> ports, Duration timeout) throws IOException {
        for (InetSocketAddress address : ports) {
            if (accepts(address)) {
                throw new IllegalStateException(name + ": " + address + " is already in use; stop whatever"
                        + " listens there (an earlier " + name + " left running?) and run the tests again");
            }
        }
        Files.createDirectories(output.getParent());
        Files.deleteIfExists(output);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(env);
        log.info("{}: starting {} (output in {})", name, String.join(" ", command), output);
        PeerProcess peer = new PeerProcess(name, pb.start(), output);
        try {
            Awaitility.await(name + " listening on " + ports).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!peer.process.isAlive()) {
                            throw new IllegalStateException(name + " exited with status "
                                    + peer.process.exitValue() + " while starting; see " + output);
                        }
                        return ports.stream().allMatch(PeerProcess::accepts);
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            peer.close();
            throw new IllegalStateException(name + " did not start within " + timeout + "; last output:\n"
                    + peer.tail(30), e);
        }
        return peer;
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the process output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) stop()
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                log.warn("{}: still running 15 s after SIGTERM; killing it", name);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("{}: stopped", name);
    }
}
