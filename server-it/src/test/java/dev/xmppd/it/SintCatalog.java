package dev.xmppd.it;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.igniterealtime.smack.inttest.AbstractSmackIntTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.annotations.SmackIntegrationTest;

/**
 * Every test SINT would run, found the way SINT finds them (concrete subclasses of {@link AbstractSmackIntTest},
 * public methods annotated {@link SmackIntegrationTest}) in the {@code smack-integration-test} jar. The catalog names
 * each test {@code SimpleClassName.method}, as SINT's own log and our known-failures list do, so that a run that SINT
 * aborted can be resumed on exactly the tests that have not run yet.
 */
final class SintCatalog {

    /**
     * One test method.
     *
     * @param testClass the concrete class SINT instantiates
     * @param method the test method (may be declared in a superclass)
     */
    record Test(Class<? extends AbstractSmackIntTest> testClass, Method method) {
        Test {
            requireNonNull(testClass, "testClass");
            requireNonNull(method, "method");
        }

        String name() {
            return nameOf(method);
        }

        /**
         * How SINT's {@code enabledTests} selects this one method: SINT checks the class it instantiates and then
         * the class that declares the method, so an inherited method needs both entries.
         */
        List<String> selectors() {
            String own = testClass.getName() + "." + method.getName();
            String declared = method.getDeclaringClass().getName() + "." + method.getName();
            return own.equals(declared) ? List.of(own) : List.of(own, declared);
        }
    }

    private static final List<String> PACKAGES = List.of(
            "org/jivesoftware/smack", "org/igniterealtime/smack");

    private final SortedMap<String, Test> tests;

    private SintCatalog(SortedMap<String, Test> tests) {
        this.tests = tests;
    }

    static String nameOf(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** Scans the jar SINT itself was loaded from. */
    static SintCatalog load() throws IOException, URISyntaxException {
        Path jar = Path.of(SmackIntegrationTestFramework.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        SortedMap<String, Test> tests = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (entry.endsWith(".class") && !entry.contains("$") && PACKAGES.stream().anyMatch(entry::startsWith)
                        && !entry.startsWith("org/igniterealtime/smack/inttest/unittest")) {
                    addTestsOf(className(entry), tests);
                }
            }
        }
        return new SintCatalog(tests);
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static void addTestsOf(String className, Map<String, Test> tests) {
        Class<?> c;
        try {
            c = Class.forName(className, false, SintCatalog.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // SINT cannot load it either
        }
        if (!AbstractSmackIntTest.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers())) {
            return;
        }
        Class<? extends AbstractSmackIntTest> testClass = c.asSubclass(AbstractSmackIntTest.class);
        for (Method m : testClass.getMethods()) {
            if (m.isAnnotationPresent(SmackIntegrationTest.class)) {
                Test t = new Test(testClass, m);
                tests.put(t.name(), t);
            }
        }
    }

    /**
     * Only the named tests (for a focused run, {@code -Dsint.tests=Class.method,...}); all tests when the list is
     * empty.
     *
     * @throws IllegalArgumentException for a name SINT has no test for
     */
    SintCatalog only(Collection<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        SortedMap<String, Test> selected = new TreeMap<>();
        for (String name : names) {
            Test t = tests.get(name);
            if (t == null) {
                throw new IllegalArgumentException("sint.tests: " + name + " (expected one of: " + tests.keySet() + ")");
            }
            selected.put(name, t);
        }
        return new SintCatalog(selected);
    }

    Collection<Test> tests() {
        return tests.values();
    }

    /** The names of all tests, sorted. */
    java.util.Set<String> names() {
        return tests.keySet();
    }

    Test get(String name) {
        return tests.get(name);
    }
}
