package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlScriptTest {

    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("-- only a comment;\n /* and; another */ ;\n", List.of()),
                Arguments.of("SELECT 1", List.of("SELECT 1")),
                Arguments.of("SELECT 1;SELECT 2;\n\n", List.of("SELECT 1", "SELECT 2")),
                Arguments.of("-- head; comment\nCREATE TABLE a (n INT); -- tail; comment\n",
                        List.of("-- head; comment\nCREATE TABLE a (n INT)")),
                Arguments.of("INSERT INTO a VALUES ('x;''y');", List.of("INSERT INTO a VALUES ('x;''y')")),
                Arguments.of("CREATE TABLE \"a;b\" (n INT);", List.of("CREATE TABLE \"a;b\" (n INT)")),
                Arguments.of("SELECT /* x; y */ 1; SELECT 2", List.of("SELECT /* x; y */ 1", "SELECT 2")),
                Arguments.of("DO $$ BEGIN PERFORM 1; END $$; SELECT 2",
                        List.of("DO $$ BEGIN PERFORM 1; END $$", "SELECT 2")),
                Arguments.of("DO $body$ BEGIN RAISE 'a$$;'; END $body$;",
                        List.of("DO $body$ BEGIN RAISE 'a$$;'; END $body$")),
                Arguments.of("SELECT $1; SELECT 2", List.of("SELECT $1", "SELECT 2")),
                Arguments.of("SELECT 'unterminated; still one", List.of("SELECT 'unterminated; still one")));
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void splitsAtTopLevelSemicolons(String script, List<String> expected) {
        assertThat(SqlScript.statements(script)).containsExactlyElementsOf(expected);
    }
}
