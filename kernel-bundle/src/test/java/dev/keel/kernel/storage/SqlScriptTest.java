package dev.keel.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static List<String> sql(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void splitsAtSemicolonsThatEndALine() {
        assertEquals(List.of("CREATE TABLE a (\n  id INT\n)", "INSERT INTO a VALUES (1)"),
                sql("CREATE TABLE a (\n  id INT\n);\nINSERT INTO a VALUES (1);  \n"));
    }

    @Test
    void aSemicolonInsideALineDoesNotSplit() {
        assertEquals(List.of("INSERT INTO notes VALUES ('a; b'); -- x", "SELECT 1"),
                sql("INSERT INTO notes VALUES ('a; b'); -- x\n;\nSELECT 1"));
    }

    @Test
    void theLastStatementNeedsNoSemicolon() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), sql("SELECT 1;\nSELECT 2"));
    }

    @Test
    void wholeLineCommentsAndBlankLinesAreDropped() {
        assertEquals(List.of("SELECT 1", "SELECT\n  2"), sql("-- header;\n\n  -- another;\nSELECT 1;\n\nSELECT\n-- inside;\n  2;\n-- trailer"));
    }

    @Test
    void dollarQuotedBodiesStayWhole() {
        String fn = "CREATE FUNCTION f() RETURNS INT AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql";
        assertEquals(List.of(fn, "SELECT f()"), sql(fn + ";\nSELECT f();\n"));
    }

    @Test
    void reportsTheLineEachStatementStartsOn() {
        List<SqlScript.Statement> statements = SqlScript.split("-- c\n\nCREATE TABLE a (id INT);\n\nINSERT INTO a\nVALUES (1);\n");
        assertEquals(List.of(3, 5), statements.stream().map(SqlScript.Statement::line).toList());
    }

    @Test
    void anEmptyScriptHasNoStatements() {
        assertEquals(List.of(), sql("\n-- nothing here\n;\n"));
    }
}
