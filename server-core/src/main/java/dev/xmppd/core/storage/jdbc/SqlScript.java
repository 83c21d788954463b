package dev.xmppd.core.storage.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at each {@code ;} that is outside a string literal ({@code '...'}), a
 * quoted identifier ({@code "..."}), a dollar-quoted body ({@code $$...$$}, {@code $tag$...$tag$}) and a comment
 * ({@code -- ...}, {@code /* ... *}{@code /}). Statements that hold nothing but comments and blanks are dropped.
 */
final class SqlScript {

    private final String script;
    private final List<String> statements = new ArrayList<>();
    private int pos;
    private int start;
    private boolean hasCode;

    private SqlScript(String script) {
        this.script = script;
    }

    static List<String> statements(String script) {
        SqlScript splitter = new SqlScript(script);
        splitter.split();
        return List.copyOf(splitter.statements);
    }

    private void split() {
        while (pos < script.length()) {
            char c = script.charAt(pos);
            if (c == '-' && script.startsWith("--", pos)) {
                pos = end(script.indexOf('\n', pos), 1);
            } else if (c == '/' && script.startsWith("/*", pos)) {
                pos = end(script.indexOf("*/", pos + 2), 2);
            } else if (c == '\'' || c == '"') {
                hasCode = true;
                pos = end(script.indexOf(c, pos + 1), 1);
            } else if (c == '$' && dollarTag() != null) {
                String tag = dollarTag();
                hasCode = true;
                pos = end(script.indexOf(tag, pos + tag.length()), tag.length());
            } else if (c == ';') {
                flush(pos);
                pos++;
                start = pos;
            } else {
                hasCode |= !Character.isWhitespace(c);
                pos++;
            }
        }
        flush(script.length());
    }

    /** The position after a closing token at {@code index}, or the end of the script if it is unterminated. */
    private int end(int index, int tokenLength) {
        return index < 0 ? script.length() : index + tokenLength;
    }

    /** The dollar-quote tag opening at {@code pos} ({@code $$} or {@code $name$}), or {@code null}. */
    private String dollarTag() {
        int i = pos + 1;
        while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
            i++;
        }
        if (i < script.length() && script.charAt(i) == '$') {
            String tag = script.substring(pos, i + 1);
            // A positional parameter such as $1 is not a tag.
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
        }
        return null;
    }

    private void flush(int end) {
        if (hasCode) {
            statements.add(script.substring(start, end).strip());
        }
        hasCode = false;
    }
}
