package dev.xmppd.it;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.SuccessfulTest;
import org.igniterealtime.smack.inttest.TestNotPossible;
import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.slf4j.LoggerFactory;

/**
 * Runs SINT in this JVM against an {@link XmppdUnderTest}, from our code rather than through SINT's {@code main}, and
 * collects every result into one {@link SintReport}.
 *
 * <p>Three things SINT 4.5.0-beta5 does not do for us are done here. It has no port setting and does not apply a
 * trust setting to its connections: its {@code tcp} connection descriptor is replaced, for the run, by one that dials
 * the server's port and trusts its certificate (SINT's TLS pin, set to the same certificate, is used only by its HTTP
 * tests: XEP-0363 upload and download). A test that throws an unexpected exception aborts SINT's whole run:
 * the test that was running (or the class whose constructor threw) is recorded as failed and SINT is started again on
 * the tests that have not run.
 */
final class SintRunner {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(SintRunner.class);
    private static final String NICKNAME = "tcp";

    /** An account allowed to run XEP-0133 add-user and delete-user: SINT creates the accounts it needs. */
    record AdminAccount(String username, String password) {
        AdminAccount {
            requireNonNull(username, "username");
            requireNonNull(password, "password");
        }

        void applyTo(Configuration.Builder builder) {
            builder.setAdminAccountUsernameAndPassword(username, password);
        }
    }

    private final XmppdUnderTest xmppd;
    private final SintCatalog catalog;
    private final AdminAccount accounts;
    private final Duration replyTimeout;

    private final Set<String> passed = new HashSet<>();
    private final Map<String, String> failed = new HashMap<>();
    private final Map<String, String> notPossible = new HashMap<>();
    private final Map<String, String> flaky = new HashMap<>();

    SintRunner(XmppdUnderTest xmppd, SintCatalog catalog, AdminAccount accounts, Duration replyTimeout) {
        this.xmppd = requireNonNull(xmppd, "xmppd");
        this.catalog = requireNonNull(catalog, "catalog");
        this.accounts = requireNonNull(accounts, "accounts");
        this.replyTimeout = requireNonNull(replyTimeout, "replyTimeout");
    }

    /** Runs every test of the catalog once. Throws only when SINT cannot run at all (e.g. cannot log in). */
    SintReport run() throws Exception {
        Set<String> remaining = new LinkedHashSet<>();
        for (SintCatalog.Test t : catalog.tests()) {
            remaining.add(t.name());
        }
        runAll(remaining);
        return report();
    }

    /**
     * Runs tests that failed once more, in a SINT run of their own. One that passes now is reported as flaky, with
     * the reason it failed the first time; one that fails again stays failed, with the reason of its second failure;
     * one that SINT finds not possible on its own stays failed, with the first reason.
     */
    SintReport rerun(Set<String> tests) throws Exception {
        Map<String, String> firstFailures = new HashMap<>();
        for (String test : tests) {
            String why = failed.remove(test);
            if (why == null) {
                throw new IllegalArgumentException(test + " did not fail");
            }
            firstFailures.put(test, why);
        }
        runAll(new LinkedHashSet<>(tests));
        firstFailures.forEach((test, why) -> {
            if (passed.remove(test)) {
                flaky.put(test, why);
            } else if (!failed.containsKey(test)) {
                // Not possible on its own (or not run): the first failure stands.
                failed.put(test, why + " (rerun: " + notPossible.remove(test) + ")");
            }
        });
        return report();
    }

    private SintReport report() {
        return new SintReport(new TreeSet<>(passed), new TreeMap<>(failed), new TreeMap<>(notPossible),
                new TreeMap<>(flaky));
    }

    /** Runs the tests, restarting SINT after each aborted run, until every one has a result. */
    private void runAll(Set<String> remaining) throws Exception {
        XmppConnectionManager.addConnectionDescriptor(descriptorForXmppd());
        try {
            for (int attempt = 1; !remaining.isEmpty(); attempt++) {
                int before = remaining.size();
                log.info("SINT attempt {}: {} tests", attempt, before);
                boolean aborted = runOnce(remaining);
                if (!aborted) {
                    remaining.forEach(name -> notPossible.put(name, "SINT did not run it"));
                    remaining.clear();
                } else if (remaining.size() == before) {
                    throw new IllegalStateException("SINT aborted without running any of " + remaining);
                }
            }
        } finally {
            XmppConnectionManager.addConnectionDescriptor(
                    XmppConnectionDescriptor.buildWith(XMPPTCPConnection.class, XMPPTCPConnectionConfiguration.class)
                            .withNickname(NICKNAME).build());
        }
    }

    /** Runs SINT on the remaining tests and removes those it ran; returns whether its run was aborted. */
    private boolean runOnce(Set<String> remaining) throws Exception {
        Framework framework = new Framework(configuration(remaining));
        StartedTests started = new StartedTests();
        Logger sintLog = Logger.getLogger(SmackIntegrationTestFramework.class.getName());
        sintLog.addHandler(started);
        Throwable abort = null;
        try {
            framework.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (Exception | Error e) {
            abort = e;
        } finally {
            sintLog.removeHandler(started);
        }
        Set<String> done = collect(framework.result());
        remaining.removeAll(done);
        if (abort != null) {
            blame(abort, started.last, done, remaining);
        }
        return abort != null;
    }

    /** Records whatever aborted SINT's run against the test (or test class) that caused it, if one did. */
    private void blame(Throwable abort, Method running, Set<String> done, Set<String> remaining) {
        String reason = "aborted the SINT run: " + describe(abort);
        if (running != null && !done.contains(SintCatalog.nameOf(running))) {
            String name = SintCatalog.nameOf(running);
            log.warn("{} {}", name, reason, abort);
            failed.put(name, reason);
            remaining.remove(name);
            return;
        }
        Class<?> constructed = constructorThatThrew(abort);
        if (constructed == null) {
            log.warn("SINT run ended by {}", describe(abort), abort);
            return;
        }
        log.warn("Constructor of {} {}", constructed.getSimpleName(), reason, abort);
        for (SintCatalog.Test t : catalog.tests()) {
            if (t.testClass() == constructed && remaining.remove(t.name())) {
                failed.put(t.name(), "constructor " + reason);
            }
        }
    }

    /** The outermost test-class constructor on the stack of the throwable or its causes. */
    private Class<?> constructorThatThrew(Throwable abort) {
        for (Throwable t = abort; t != null; t = t.getCause()) {
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = stack.length - 1; i >= 0; i--) {
                if (stack[i].getMethodName().equals("<init>")) {
                    for (SintCatalog.Test test : catalog.tests()) {
                        if (test.testClass().getName().equals(stack[i].getClassName())) {
                            return test.testClass();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Adds the results of one SINT run; returns the names of the tests it ran or could not run. */
    private Set<String> collect(TestRunResult result) {
        Set<String> done = new HashSet<>();
        if (result == null) {
            return done;
        }
        for (SuccessfulTest t : result.getSuccessfulTests()) {
            String name = SintCatalog.nameOf(t.concreteTest.getMethod());
            passed.add(name);
            done.add(name);
        }
        for (FailedTest t : result.getFailedTests()) {
            String name = SintCatalog.nameOf(t.concreteTest.getMethod());
            failed.put(name, describe(t.failureReason));
            done.add(name);
        }
        for (TestNotPossible t : result.getNotPossibleTests()) {
            String name = SintCatalog.nameOf(t.concreteTest.getMethod());
            notPossible.put(name, describe(t.testNotPossibleException));
            done.add(name);
        }
        result.getImpossibleTestClasses().forEach((testClass, why) -> {
            for (SintCatalog.Test t : catalog.tests()) {
                if (t.testClass() == testClass) {
                    notPossible.put(t.name(), describe(why));
                    done.add(t.name());
                }
            }
        });
        return done;
    }

    private Configuration configuration(Set<String> tests) throws GeneralSecurityException,
            org.jxmpp.stringprep.XmppStringprepException {
        List<String> selectors = new ArrayList<>();
        for (String name : tests) {
            for (String s : catalog.get(name).selectors()) {
                if (!selectors.contains(s)) {
                    selectors.add(s);
                }
            }
        }
        Configuration.Builder b = Configuration.builder()
                .setService(XmppdUnderTest.DOMAIN)
                .setSecurityMode("required")
                // SINT's HTTP tests (XEP-0363) trust the server through this pin; the XMPP connections through
                // descriptorForXmppd(), as SINT does not apply the pin to them.
                .setServiceTlsPin(xmppd.tlsPin())
                .setReplyTimeout(Long.toString(replyTimeout.toMillis()))
                .setDefaultConnection(NICKNAME)
                .setEnabledConnections(NICKNAME)
                .setEnabledTests(String.join(",", selectors))
                .setDnsResolver(Configuration.DnsResolver.javax)
                // "console" prints every stanza: -Dsinttest.debugger=console with -Dsint.tests=... to debug one test
                .setDebugger(System.getProperty("sinttest.debugger"));
        accounts.applyTo(b);
        return b.build();
    }

    private XmppConnectionDescriptor<XMPPTCPConnection, XMPPTCPConnectionConfiguration,
            XMPPTCPConnectionConfiguration.Builder> descriptorForXmppd() throws NoSuchMethodException {
        int port = xmppd.port();
        return XmppConnectionDescriptor.buildWith(XMPPTCPConnection.class, XMPPTCPConnectionConfiguration.class,
                        XMPPTCPConnectionConfiguration.Builder.class)
                .withNickname(NICKNAME)
                .applyExtraConfiguration(b -> b.setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                        .setCustomX509TrustManager(xmppd.trust()))
                .build();
    }

    /** One line: the exception's class and message, at most 300 characters. */
    static String describe(Throwable t) {
        String s = (t.getClass().getSimpleName() + ": " + t.getMessage()).replaceAll("\\s+", " ").trim();
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    /** Exposes the result SINT keeps even when its run is aborted. */
    private static final class Framework extends SmackIntegrationTestFramework {
        Framework(Configuration configuration) {
            super(configuration);
        }

        TestRunResult result() {
            return testRunResult;
        }
    }

    /** Remembers the test SINT started last (it logs "<test> Start" while the test is the one under execution). */
    private static final class StartedTests extends Handler {
        volatile Method last;

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            var test = SmackIntegrationTestFramework.getTestUnderExecution();
            if (message != null && message.endsWith(" Start") && test != null) {
                last = test.getMethod();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
