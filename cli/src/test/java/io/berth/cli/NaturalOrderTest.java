package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void runsOfDigitsCompareAsNumbers() {
        List<String> names = new ArrayList<>(List.of("opt_10", "opt_0", "opt_2", "opt_1", "lr", "layer10_w",
                "layer2_w", "layer2_b", "a", "opt_", "v1.10", "v1.9"));
        names.sort(NaturalOrder.NAMES);
        assertThat(names).containsExactly("a", "layer2_b", "layer2_w", "layer10_w", "lr", "opt_", "opt_0", "opt_1",
                "opt_2", "opt_10", "v1.9", "v1.10");
    }

    @Test
    void numbersLongerThanALongAndLeadingZerosAreOrderedWithoutMerging() {
        assertThat(NaturalOrder.NAMES.compare("x99999999999999999999", "x100000000000000000000")).isNegative();
        TreeSet<String> set = new TreeSet<>(NaturalOrder.NAMES);
        set.addAll(List.of("x1", "x01", "x001", "x2"));
        assertThat(set).hasSize(4).last().isEqualTo("x2");
    }
}
