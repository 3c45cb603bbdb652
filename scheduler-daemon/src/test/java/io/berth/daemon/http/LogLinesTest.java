package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A log's bytes cut into the whole lines events carry, counted exactly in bytes. */
class LogLinesTest {
    private final LogLines lines = new LogLines();

    private LogLines.Taken take(String text) {
        return take(text.getBytes(StandardCharsets.UTF_8));
    }

    private LogLines.Taken take(byte[] bytes) {
        return lines.take(bytes, bytes.length);
    }

    @Test
    void eachKindOfLineEndEndsALineAndALineWithoutItsEndWaits() {
        assertThat(take("one\ntwo\r\nthree\rfour")).isEqualTo(new LogLines.Taken(List.of("one", "two", "three"), 15));
        assertThat(lines.held()).isEqualTo(4);
        assertThat(take(" and more\n\n")).isEqualTo(new LogLines.Taken(List.of("four and more", ""), 15));
        assertThat(lines.held()).isZero();
    }

    @Test
    void aCrLfArrivingInHalvesEndsOneLine() {
        assertThat(take("progress 50%\r")).isEqualTo(new LogLines.Taken(List.of(), 0));
        assertThat(take("\nnext\r")).isEqualTo(new LogLines.Taken(List.of("progress 50%"), 14));
        assertThat(take("60%\r")).isEqualTo(new LogLines.Taken(List.of("next"), 5));
        assertThat(lines.rest()).isEqualTo(new LogLines.Taken(List.of("60%"), 4));
    }

    @Test
    void theRestOfAWholeLogIsItsLastLine() {
        take("done\nno newline at the end");
        assertThat(lines.rest()).isEqualTo(new LogLines.Taken(List.of("no newline at the end"), 21));
        assertThat(lines.rest()).isEqualTo(new LogLines.Taken(List.of(), 0));
    }

    @Test
    void bytesThatAreNotUtf8AreReplacedButCountedAsTheyAre() {
        byte[] bytes = {'a', (byte) 0xff, (byte) 0xc3, 'b', '\n'};
        assertThat(take(bytes)).isEqualTo(new LogLines.Taken(List.of("a\uFFFD\uFFFDb"), 5));
    }

    @Test
    void aVeryLongLineGoesOutInPiecesNeverSplittingACharacter() {
        String line = "x".repeat(LogLines.MAX_LINE - 1) + "é" + "tail";
        LogLines.Taken taken = take(line + "\n");
        assertThat(taken.lines()).containsExactly("x".repeat(LogLines.MAX_LINE - 1), "étail");
        assertThat(taken.bytes()).isEqualTo(line.getBytes(StandardCharsets.UTF_8).length + 1);
    }
}
