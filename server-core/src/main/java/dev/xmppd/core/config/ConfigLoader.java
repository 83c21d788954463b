package dev.xmppd.core.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code conf/xmppd.yml} into an {@link XmppdConfig} (DESIGN.md §8).
 *
 * <p>Three layers, the later winning: the file, then {@code XMPPD_*} environment variables, then {@code --set
 * key.path=value} settings. YAML keys are kebab-case; every key has the default of its record's {@code
 * defaults()}; unknown keys are errors. Every error is a {@link ConfigException} that names where the value came
 * from, the key and what was expected:
 * <pre>
 * conf/xmppd.yml:12: limits.xml-depth: 0 (expected: &gt;= 2)
 * conf/xmppd.yml:3: listeners.c2s.prot: unknown key (expected one of: enabled, address, port, starttls)
 * --set limits.xml-depth=0: limits.xml-depth: 0 (expected: &gt;= 2)
 * XMPPD_LIMITS_XML_DEPTH: limits.xml-depth: 0 (expected: &gt;= 2)
 * </pre>
 * Environment variable names are key paths in upper case with {@code .} and {@code -} as {@code _}: {@code
 * XMPPD_AUTH_PLAIN_WITHOUT_TLS}, {@code XMPPD_LISTENERS_C2S_TLS_PORT}. {@code XMPPD_HOME}, {@code XMPPD_OPTS}
 * and {@code XMPPD_CONFIG} belong to the launcher and are ignored; any other unknown {@code XMPPD_*} is an error.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Reads, merges, binds and validates.
     *
     * @param file the YAML file, shown in messages as given; {@code null} for defaults and overrides only
     * @param overrides {@code key.path=value} settings, values read as YAML, in order
     * @param env the process environment; only {@code XMPPD_*} names are read
     * @throws ConfigException for anything wrong, with a message fit for an operator
     */
    public static XmppdConfig load(Path file, List<String> overrides, Map<String, String> env) {
        requireNonNull(overrides, "overrides");
        requireNonNull(env, "env");
        ConfigNode tree = file == null ? ConfigNode.emptyRoot("(defaults)") : YamlTree.readFile(
                new StringReader(read(file)), file.toString());
        tree = ConfigOverrides.applyEnvironment(tree, env);
        tree = ConfigOverrides.applySettings(tree, overrides);
        return ConfigBinder.bind(tree);
    }

    /** Every key path, sections included ({@code listeners}, {@code listeners.c2s}, …), in document order. */
    public static List<String> keyPaths() {
        return ConfigKeys.ALL_PATHS;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e);
        }
    }
}
