package dev.xmppd.it.federation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * xmppd's federation log lines ({@code dev.xmppd.s2s}, INFO and above) while a test class runs: how each link
 * authenticated is asserted on the line an operator reads, e.g. {@code s2s: xmppd.test -> prosody.test
 * authenticated (SASL EXTERNAL, TLSv1.3)}. The lines also go to the console as usual.
 */
final class S2sLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.xmppd.s2s");
    private final Level previous = logger.getLevel();

    private S2sLog() {
    }

    static S2sLog capture() {
        S2sLog log = new S2sLog();
        log.setContext(log.logger.getLoggerContext());
        log.start();
        log.logger.setLevel(Level.INFO);
        log.logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(event.getFormattedMessage());
    }

    /** Whether a line matches {@code regex} (a find, not a full match). */
    boolean has(String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().anyMatch(l -> p.matcher(l).find());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        stop();
    }
}
