package dev.keel.kernel.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements. The rule: a statement ends with
 * a {@code ;} at the end of a line (trailing spaces allowed); the last
 * statement may omit it. Lines whose first non-blank characters are
 * {@code --} are comments and dropped. A {@code ;} inside a line does not
 * split, and neither does one inside a dollar-quoted block ({@code $$ ... $$},
 * as in PostgreSQL function bodies).
 */
final class SqlScript {

    /** One statement and the line (1-based) it starts on. */
    record Statement(String sql, int line) {
    }

    private SqlScript() {
    }

    static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        boolean inDollarQuote = false;
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (!inDollarQuote && (trimmed.isEmpty() || trimmed.startsWith("--")) && current.isEmpty()) {
                continue;
            }
            if (!inDollarQuote && trimmed.startsWith("--")) {
                continue;
            }
            if (current.isEmpty()) {
                startLine = i + 1;
            } else {
                current.append('\n');
            }
            current.append(line);
            if (countDollarQuotes(line) % 2 == 1) {
                inDollarQuote = !inDollarQuote;
            }
            if (!inDollarQuote && trimmed.endsWith(";")) {
                add(out, current, startLine);
            }
        }
        add(out, current, startLine);
        return out;
    }

    private static void add(List<Statement> out, StringBuilder current, int line) {
        String sql = current.toString().strip();
        current.setLength(0);
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (!sql.isEmpty()) {
            out.add(new Statement(sql, line));
        }
    }

    private static int countDollarQuotes(String line) {
        int n = 0;
        for (int at = line.indexOf("$$"); at >= 0; at = line.indexOf("$$", at + 2)) {
            n++;
        }
        return n;
    }
}
