package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** MemorySize, Durations, ShellWords and key suggestions: the value parsers behind the config files. */
class ValuesTest {
    @Test
    void memorySizesWithUnits() {
        assertThat(MemorySize.parse("ram", "512m").bytes()).isEqualTo(512L << 20);
        assertThat(MemorySize.parse("ram", "8g").bytes()).isEqualTo(8L << 30);
        assertThat(MemorySize.parse("ram", "8G").bytes()).isEqualTo(8L << 30);
        assertThat(MemorySize.parse("ram", "8gb").bytes()).isEqualTo(8L << 30);
        assertThat(MemorySize.parse("ram", "8GiB").bytes()).isEqualTo(8L << 30);
        assertThat(MemorySize.parse("ram", "1.5g").bytes()).isEqualTo(1536L << 20);
        assertThat(MemorySize.parse("ram", "8192k").bytes()).isEqualTo(8L << 20);
        assertThat(MemorySize.parse("ram", "1073741824b").bytes()).isEqualTo(1L << 30);
        assertThat(MemorySize.parse("ram", "1t").bytes()).isEqualTo(1L << 40);
    }

    @Test
    void aBareMemoryNumberMeansGigabytes() {
        assertThat(MemorySize.parse("ram", 4).bytes()).isEqualTo(4L << 30);
        assertThat(MemorySize.parse("ram", 0.5).bytes()).isEqualTo(512L << 20);
        assertThat(MemorySize.parse("ram", "16").bytes()).isEqualTo(16L << 30);
    }

    @Test
    void memoryErrorsNameTheKey() {
        assertThatThrownBy(() -> MemorySize.parse("--ram", "lots")).isInstanceOf(ConfigException.class)
                .hasMessage("--ram: expected a size like 512m, 8g or 1.5g (a bare number means GB), got 'lots'");
        assertThatThrownBy(() -> MemorySize.parse("ram", "0")).hasMessage("ram: must be more than 0, got '0'");
        assertThatThrownBy(() -> MemorySize.parse("ram", "1k"))
                .hasMessage("ram: must be at least 6m (Docker's minimum), got '1k'");
        assertThatThrownBy(() -> MemorySize.parse("ram", "-1g")).hasMessageContaining("expected a size");
        assertThatThrownBy(() -> MemorySize.parse("ram", "99999999999t")).hasMessage("ram: '99999999999t' is too large");
        assertThatThrownBy(() -> MemorySize.parse("ram", 1073741824L))
                .hasMessage("ram: a bare number means GB, so '1073741824' is too large; write 1073741824b for bytes");
        String suggested = "1000000000b";
        assertThatThrownBy(() -> MemorySize.parse("memory", 1e9))
                .as("YAML reads 1e9 as a float: the bytes to write are whole, as the parser takes them")
                .hasMessageEndingWith("write " + suggested + " for bytes");
        assertThat(MemorySize.parse("memory", suggested).bytes()).isEqualTo(1_000_000_000L);
        assertThatThrownBy(() -> MemorySize.parse("ram", null)).hasMessageEndingWith("got nothing");
    }

    @Test
    void memorySizesPrintInTheirShortestExactForm() {
        assertThat(MemorySize.parse("m", "8g")).hasToString("8g");
        assertThat(MemorySize.parse("m", "1.5g")).hasToString("1536m");
        assertThat(new MemorySize(10_000_001)).hasToString("10000001b");
    }

    @Test
    void durations() {
        assertThat(Durations.parse("d", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("d", "90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("d", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("d", 45)).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("d", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Durations.parse("archive_retention", "30d")).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Durations.parse("timeout", "1.5h"))
                .hasMessage("timeout: expected a duration like 10s, 2m, 1h or 30d, got '1.5h'");
        assertThatThrownBy(() -> Durations.parse("timeout", 1.5))
                .hasMessage("timeout: expected a duration like 10s, 2m, 1h or 30d, got '1.5'");
        assertThatThrownBy(() -> Durations.parse("timeout", "3w")).hasMessageContaining("got '3w'");
    }

    @Test
    void shellWords() {
        assertThat(ShellWords.split("c", "  python -u main.py  ")).containsExactly("python", "-u", "main.py");
        assertThat(ShellWords.split("c", "echo 'a b' \"c \\\"d\\\"\" e\\ f")).containsExactly("echo", "a b", "c \"d\"", "e f");
        assertThat(ShellWords.split("c", "a ''")).containsExactly("a", "");
        assertThat(ShellWords.split("c", "")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("worker.command", "echo 'oops"))
                .hasMessage("worker.command: unterminated ' quote in: echo 'oops");
    }

    @Test
    void keySuggestions() {
        var known = java.util.List.of("num_gpus", "project_name", "ram", "memory", "worker");
        assertThat(KeySuggestions.closest("num_gpu", known)).contains("num_gpus");
        assertThat(KeySuggestions.closest("numGpus", known)).contains("num_gpus");
        assertThat(KeySuggestions.closest("memroy", known)).contains("memory");
        assertThat(KeySuggestions.closest("rma", known)).contains("ram");
        assertThat(KeySuggestions.closest("flavour", known)).isEmpty();
        assertThat(KeySuggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
