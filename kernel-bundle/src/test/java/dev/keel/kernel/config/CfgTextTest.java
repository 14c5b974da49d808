package dev.keel.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class CfgTextTest {

    private static final String FILE = """
            # Plugin lifecycle: an operator's note
            start.timeout.ms=2345

            # stop
            stop.timeout.ms = 10000
            list=a,\\
              b
            """;

    private static String merge(String text, Map<String, String> wanted) {
        return CfgText.merge(text, wanted, java.util.Objects::equals);
    }

    @Test
    void aChangedValueIsReplacedWhereItStandsAndEverythingElseIsKept() {
        String merged = merge(FILE, Map.of("start.timeout.ms", "2345", "stop.timeout.ms", "4321", "list", "a,b"));
        assertEquals("""
                # Plugin lifecycle: an operator's note
                start.timeout.ms=2345

                # stop
                stop.timeout.ms=4321
                list=a,\\
                  b
                """, merged);
    }

    @Test
    void nothingChangedGivesTheSameText() {
        assertEquals(FILE, merge(FILE, CfgText.values(FILE)));
    }

    @Test
    void aRemovedKeyLosesItsLinesWithItsContinuationAndANewKeyIsAppended() {
        String merged = merge(FILE, Map.of("start.timeout.ms", "2345", "stop.timeout.ms", "10000", "b.new", "1",
                "a.new", "x y"));
        assertEquals("""
                # Plugin lifecycle: an operator's note
                start.timeout.ms=2345

                # stop
                stop.timeout.ms = 10000
                a.new=x y
                b.new=1
                """, merged);
    }

    @Test
    void writtenValuesReadBackAsTheSameStrings() {
        Map<String, String> tricky = new TreeMap<>(Map.of("k", " leading space", "path", "C:\\dir\\x", "multi",
                "one\ntwo", "hash", "#not a comment", "unicode", "caf\u00e9 \u20ac", "key with=sign:colon", "v"));
        String merged = merge("", tricky);
        assertEquals(tricky, CfgText.values(merged));
        assertEquals(merged, merge(merged, tricky));
    }

    @Test
    void aRepeatedKeyIsWrittenOnceWhereItFirstStood() {
        assertEquals("a=3\nb=2\n", merge("a=1\nb=2\na=1\n", Map.of("a", "3", "b", "2")));
    }

    @Test
    void aFileWithoutAFinalNewlineGetsOneBeforeNewKeys() {
        assertEquals("a=1\nb=2\n", merge("a=1", Map.of("a", "1", "b", "2")));
    }

    @Test
    void theSamenessTestDecidesWhetherARawValueIsKept() {
        String text = "url=${keel.home}/db\n";
        assertEquals(text, CfgText.merge(text, Map.of("url", "/opt/keel/db"),
                (raw, value) -> raw.replace("${keel.home}", "/opt/keel").equals(value)));
    }
}
