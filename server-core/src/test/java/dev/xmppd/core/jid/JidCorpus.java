package dev.xmppd.core.jid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.provider.Arguments;

/** Reads the {@code jid/valid.txt} and {@code jid/invalid.txt} corpora; the format is described in those files. */
final class JidCorpus {
    private static final String SEPARATOR = " -> ";
    private static final Pattern MACRO = Pattern.compile("\\{(?:U\\+([0-9A-Fa-f]{4,6})|([^*}]+)\\*(\\d+)|(empty))}");

    private JidCorpus() {
    }

    /** Each case as (line number, input, right-hand side), macros expanded. */
    static List<Arguments> read(String resource) {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = JidCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int separator = line.indexOf(SEPARATOR);
                if (separator < 0) {
                    throw new IllegalStateException(resource + ":" + number + ": no '" + SEPARATOR + "'");
                }
                cases.add(Arguments.of(resource.substring(resource.lastIndexOf('/') + 1) + ":" + number,
                        expand(line.substring(0, separator)), expand(line.substring(separator + SEPARATOR.length()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static String expand(String text) {
        Matcher m = MACRO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = Character.toString(Integer.parseInt(m.group(1), 16));
            } else if (m.group(2) != null) {
                replacement = m.group(2).repeat(Integer.parseInt(m.group(3)));
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
