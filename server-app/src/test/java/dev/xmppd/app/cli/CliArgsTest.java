package dev.xmppd.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    @Test
    void optionsThenCommandThenArguments() {
        CliArgs args = CliArgs.parse(List.of("-c", "x.yml", "--set", "a.b=1", "--set=c=[d]", "adduser", "j@h", "-pw"));

        assertThat(args).isEqualTo(new CliArgs(Path.of("x.yml"), List.of("a.b=1", "c=[d]"), "adduser",
                List.of("j@h", "-pw")));
    }

    @Test
    void noCommandRuns() {
        assertThat(CliArgs.parse(List.of("--config=y.yml"))).isEqualTo(new CliArgs(Path.of("y.yml"), List.of(), "run",
                List.of()));
        assertThat(CliArgs.isServe(List.of())).isTrue();
        assertThat(CliArgs.isServe(List.of("--set", "hosts=[a]", "run"))).isTrue();
        assertThat(CliArgs.isServe(List.of("adduser", "a@b"))).isFalse();
        assertThat(CliArgs.isServe(List.of("-c"))).isFalse();
    }

    @Test
    void helpAndVersionFlags() {
        assertThat(CliArgs.parse(List.of("-h", "whatever")).command()).isEqualTo("help");
        assertThat(CliArgs.parse(List.of("--version")).command()).isEqualTo("version");
    }

    @Test
    void missingOptionValueIsAUsageError() {
        assertThatThrownBy(() -> CliArgs.parse(List.of("-c")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.status()).isEqualTo(2))
                .hasMessage("-c: missing value");
    }
}
