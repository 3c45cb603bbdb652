package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a {@code -p key=value} value is typed. */
class ParamValuesTest {

    @Test
    void aValueThatIsOneJsonValueKeepsItsType() {
        assertThat(ParamValues.typed("0.1")).isEqualTo(0.1);
        assertThat(ParamValues.typed("3")).isEqualTo(3);
        assertThat(ParamValues.typed(" true ")).isEqualTo(true);
        assertThat(ParamValues.typed("[1,2]")).isEqualTo(List.of(1, 2));
        assertThat(ParamValues.typed("{\"a\":1}")).isEqualTo(Map.of("a", 1));
        assertThat(ParamValues.typed("adam")).isEqualTo("adam");
    }

    @Test
    void aValueThatOnlyStartsLikeJsonIsTheStringAsTyped() {
        assertThat(ParamValues.typed("3 apples")).isEqualTo("3 apples");
        assertThat(ParamValues.typed("true story")).isEqualTo("true story");
        assertThat(ParamValues.typed("[1,2]junk")).isEqualTo("[1,2]junk");
        assertThat(ParamValues.typed("{\"a\":1}{\"b\":2}")).isEqualTo("{\"a\":1}{\"b\":2}");
        assertThat(ParamValues.typed("null pointer")).isEqualTo("null pointer");
    }
}
