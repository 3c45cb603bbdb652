package io.berth.sdk;

import static io.berth.sdk.Distribution.choice;
import static io.berth.sdk.Distribution.integer;
import static io.berth.sdk.Distribution.logUniform;
import static io.berth.sdk.Distribution.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SweepTest {

    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value);
        }
        return map;
    }

    // ---- grid ----------------------------------------------------------------------------------------

    @Test
    void aGridIsEveryCombinationWithTheFirstKeyVaryingSlowest() {
        Sweep sweep = Sweep.grid(ordered("lr", List.of(0.1, 0.01, 0.001), "batch", List.of(32, 64)));

        assertThat(sweep.size()).isEqualTo(6);
        assertThat(sweep.paramSets()).containsExactly(
                Map.of("lr", 0.1, "batch", 32), Map.of("lr", 0.1, "batch", 64),
                Map.of("lr", 0.01, "batch", 32), Map.of("lr", 0.01, "batch", 64),
                Map.of("lr", 0.001, "batch", 32), Map.of("lr", 0.001, "batch", 64));
        assertThat(sweep.paramSets()).allSatisfy(set -> assertThat(set.keySet()).containsExactly("lr", "batch"));
    }

    @Test
    void aGridOfThreeKeysKeepsTheOrderAtEveryLevel() {
        Sweep sweep = Sweep.grid(ordered("a", List.of(1, 2), "b", List.of("x", "y", "z"), "c", List.of(true, false)));

        assertThat(sweep.size()).isEqualTo(12);
        List<String> codes = sweep.paramSets().stream()
                .map(set -> "" + set.get("a") + set.get("b") + (Boolean.TRUE.equals(set.get("c")) ? "T" : "F"))
                .toList();
        assertThat(codes).containsExactly("1xT", "1xF", "1yT", "1yF", "1zT", "1zF",
                "2xT", "2xF", "2yT", "2yF", "2zT", "2zF");
    }

    @Test
    void aMapWithoutAnOrderOfItsOwnIsTakenInAlphabeticalOrder() {
        Sweep fromMapOf = Sweep.grid(Map.of("lr", List.of(0.1, 0.2), "batch", List.of(32, 64)));

        assertThat(fromMapOf.paramSets()).containsExactly(
                Map.of("batch", 32, "lr", 0.1), Map.of("batch", 32, "lr", 0.2),
                Map.of("batch", 64, "lr", 0.1), Map.of("batch", 64, "lr", 0.2));
        assertThat(fromMapOf.paramSets().get(0).keySet()).containsExactly("batch", "lr");
    }

    @Test
    void aGridKeyWithoutValuesIsNamed() {
        assertThatThrownBy(() -> Sweep.grid(ordered("lr", List.of(0.1), "batch", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grid: 'batch' has no values");
        assertThatThrownBy(() -> Sweep.grid(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grid: no parameters to sweep over");
        Map<String, List<?>> nullValues = new LinkedHashMap<>();
        nullValues.put("lr", null);
        assertThatThrownBy(() -> Sweep.grid(nullValues)).hasMessage("grid: 'lr' has no values");
    }

    @Test
    void aGridLargerThanTheServerTakesIsRefusedBeforeItIsBuilt() {
        List<Integer> hundred = IntStream.range(0, 100).boxed().toList();
        List<Integer> thousand = IntStream.range(0, 1000).boxed().toList();
        assertThat(Sweep.grid(ordered("a", thousand, "b", hundred)).size()).isEqualTo(Sweep.MAX_JOBS);
        assertThatThrownBy(() -> Sweep.grid(ordered("a", thousand, "b", hundred, "c", List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 100000");
    }

    @Test
    void gridValuesKeepTheirTypesAndNull() {
        List<Object> values = new ArrayList<>(List.of("adam", List.of(1, 2)));
        values.add(null);
        Sweep sweep = Sweep.grid(ordered("opt", values));
        assertThat(sweep.paramSets()).extracting(set -> set.get("opt")).containsExactly("adam", List.of(1, 2), null);
    }

    // ---- random --------------------------------------------------------------------------------------

    private static Map<String, Distribution> space() {
        return ordered("lr", logUniform(1e-4, 1e-1), "dropout", uniform(0.1, 0.5), "layers", integer(1, 4),
                "opt", choice("adam", "sgd"));
    }

    @Test
    void theSameSeedGivesTheSameSetsAndAnotherSeedOthers() {
        Sweep first = Sweep.random(20, 42, space());
        Sweep again = Sweep.random(20, 42, space());
        Sweep other = Sweep.random(20, 43, space());

        assertThat(again.paramSets()).isEqualTo(first.paramSets());
        assertThat(other.paramSets()).isNotEqualTo(first.paramSets());
        assertThat(first.paramSets()).hasSize(20).allSatisfy(set ->
                assertThat(set.keySet()).containsExactly("lr", "dropout", "layers", "opt"));
    }

    @Test
    void theSameSeedGivesTheSameSetsWhateverKindOfMapHoldsTheDistributions() {
        Map<String, Distribution> unordered = Map.of("b", uniform(0, 1), "a", integer(0, 100));
        Sweep fromMapOf = Sweep.random(10, 7, unordered);
        Sweep fromTreeMap = Sweep.random(10, 7, new TreeMap<>(unordered));
        assertThat(fromMapOf.paramSets()).isEqualTo(fromTreeMap.paramSets());
    }

    @Test
    void aKeysDrawsDependOnTheSeedAndItsNameNotOnTheOrderOrTheOtherKeys() {
        Sweep forward = Sweep.random(10, 7, ordered("lr", uniform(0, 1), "layers", integer(1, 100)));
        Sweep backward = Sweep.random(10, 7, ordered("layers", integer(1, 100), "lr", uniform(0, 1)));
        Sweep lrAlone = Sweep.random(10, 7, ordered("lr", uniform(0, 1)));

        assertThat(values(backward, "lr")).isEqualTo(values(forward, "lr")).isEqualTo(values(lrAlone, "lr"));
        assertThat(values(backward, "layers")).isEqualTo(values(forward, "layers"));
        assertThat(backward.paramSets().get(0).keySet()).as("the sets keep the keys' order")
                .containsExactly("layers", "lr");
        assertThat(values(Sweep.random(4, 7, ordered("lr", uniform(0, 1))), "lr"))
                .as("more draws begin with the fewer").isEqualTo(values(lrAlone, "lr").subList(0, 4));
        assertThat(values(forward, "lr")).as("two keys, two streams")
                .isNotEqualTo(values(Sweep.random(10, 7, ordered("lr2", uniform(0, 1))), "lr2"));
    }

    private static List<Object> values(Sweep sweep, String key) {
        return sweep.paramSets().stream().map(set -> set.get(key)).toList();
    }

    @Test
    void uniformDrawsStayInTheirRangeAndSpreadOverIt() {
        List<Double> values = draws(uniform(-2, 3), 2000).stream().map(v -> (Double) v).toList();
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(-2.0, 3.0));
        assertThat(values.stream().filter(v -> v < 0.5).count()).isBetween(900L, 1100L);
        assertThat(Collections.min(values)).isLessThan(-1.9);
        assertThat(Collections.max(values)).isGreaterThan(2.9);
    }

    @Test
    void logUniformDrawsStayInTheirRangeAndAreEvenPerDecade() {
        List<Double> values = draws(logUniform(1e-4, 1), 4000).stream().map(v -> (Double) v).toList();
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(1e-4, 1.0));
        for (double decade = 1e-4; decade < 1; decade *= 10) {
            double low = decade;
            long inDecade = values.stream().filter(v -> v >= low && v < low * 10).count();
            assertThat(inDecade).as("draws in [%s, %s)", low, low * 10).isBetween(850L, 1150L);
        }
    }

    /** The same bits as python/tests/test_sweep.py expects of the Python client: one seed, one sweep everywhere. */
    @Test
    void logUniformDrawsAreTheSameBitsOnEveryMachineAndInThePythonClient() {
        Sweep sweep = Sweep.random(4, 7, ordered("lr", logUniform(1e-4, 0.1), "tiny", logUniform(1e-300, 1e300)));

        assertThat(sweep.paramSets()).extracting(set -> List.of(Double.doubleToLongBits((Double) set.get("lr")),
                Double.doubleToLongBits((Double) set.get("tiny")))).containsExactly(
                List.of(4566225303775763679L, 1476084601370972215L), List.of(4555201313484514330L, 6090235916890636474L),
                List.of(4567163512721493232L, 4789932985741716126L), List.of(4565747623631796871L, 1727575090677874240L));
    }

    /** The integer and uniform draws python/tests/test_sweep.py expects of the Python client for this seed. */
    @Test
    void integerAndUniformDrawsAreTheSameOnEveryMachineAndInThePythonClient() {
        Sweep sweep = Sweep.random(4, -123456789012345L, ordered("wide", integer(Long.MIN_VALUE, Long.MAX_VALUE),
                "pow", integer(0, 1023), "big", integer(-5, 1L << 62), "u", uniform(-1e300, 1e300)));

        assertThat(sweep.paramSets()).extracting(set -> List.of(((Number) set.get("wide")).longValue(),
                ((Number) set.get("pow")).longValue(), ((Number) set.get("big")).longValue(),
                Double.doubleToRawLongBits((Double) set.get("u")))).containsExactly(
                List.of(-481374910691856780L, 924L, 1311925974022349002L, 9094646189270259186L),
                List.of(-5190018735813255704L, 165L, 385553497823700131L, -135859566691536512L),
                List.of(-7510310032087911766L, 426L, 2025727604339881983L, -134148990478766226L),
                List.of(5189332217269733954L, 140L, 4529026488326742470L, 9083041191375976232L));
    }

    /** The choice, uniform and integer draws python/tests/test_sweep.py expects, each key from its own stream. */
    @Test
    void choiceDrawsAreTheSameOnEveryMachineAndInThePythonClient() {
        Sweep sweep = Sweep.random(4, 42, ordered("opt", choice("adam", "sgd", "rmsprop"), "x", uniform(0, 1),
                "n", integer(1, 10)));

        assertThat(sweep.paramSets()).extracting(set -> List.of(set.get("opt"),
                Double.doubleToRawLongBits((Double) set.get("x")), set.get("n"))).containsExactly(
                List.of("rmsprop", 4605053939902475664L, 4), List.of("adam", 4599719679648016288L, 5),
                List.of("sgd", 4580723226681653536L, 9), List.of("adam", 4598603543050822214L, 1));
        assertThat(Sweep.random(4, 42, Map.of("n", integer(1, 10))).paramSets()).extracting(set -> set.get("n"))
                .containsExactly(4, 5, 9, 1);
    }

    @Test
    void integerDrawsIncludeBothEndsAndAreIntegers() {
        List<Object> values = draws(integer(1, 3), 300);
        assertThat(values).allSatisfy(v -> assertThat(v).isInstanceOf(Integer.class));
        assertThat(values).containsOnly(1, 2, 3).contains(1, 2, 3);
        assertThat(draws(integer(5, 5), 3)).containsOnly(5);
        assertThat(draws(integer(Long.MAX_VALUE - 1, Long.MAX_VALUE), 50))
                .containsOnly(Long.MAX_VALUE - 1, Long.MAX_VALUE);
    }

    @Test
    void choiceDrawsEveryValueAndNothingElse() {
        assertThat(draws(choice("adam", "sgd", 3), 300)).containsOnly("adam", "sgd", 3).contains("adam", "sgd", 3);
    }

    private static List<Object> draws(Distribution distribution, int n) {
        return Sweep.random(n, 1, Map.of("x", distribution)).paramSets().stream().map(set -> set.get("x")).toList();
    }

    @Test
    void badRandomSweepsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("lr", uniform(0.5, 0.1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lr'").hasMessageContaining("0.5 > 0.1");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("lr", logUniform(0, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("random: 'lr' is loguniform(0.0, 1.0), but a log-uniform range must be above 0");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("lr", logUniform(-1, 1))))
                .hasMessageContaining("'lr'");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("layers", integer(4, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("random: 'layers' is int(4, 1), but 4 > 1");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("opt", choice())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'").hasMessageContaining("no values");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of("x", uniform(0, Double.POSITIVE_INFINITY))))
                .hasMessageContaining("'x'").hasMessageContaining("finite");
        assertThatThrownBy(() -> Sweep.random(0, 1, space()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("random: n must be 1 to 100000, got 0");
        assertThatThrownBy(() -> Sweep.random(100_001, 1, space())).hasMessageContaining("got 100001");
        assertThatThrownBy(() -> Sweep.random(5, 1, Map.of()))
                .hasMessage("random: no parameters to sweep over");
        Map<String, Distribution> missing = new LinkedHashMap<>();
        missing.put("lr", null);
        assertThatThrownBy(() -> Sweep.random(5, 1, missing)).hasMessage("random: 'lr' has no distribution");
    }

    // ---- explicit sets -------------------------------------------------------------------------------

    @Test
    void explicitSetsAreKeptInTheirOrder() {
        Sweep sweep = Sweep.of(List.of(Map.of("x", 3), Map.of("x", 1, "y", "b"), Map.of()));
        assertThat(sweep.paramSets()).containsExactly(Map.of("x", 3), Map.of("x", 1, "y", "b"), Map.of());
    }

    @Test
    void explicitSetsMustBeThere() {
        assertThatThrownBy(() -> Sweep.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sweep needs at least one parameter set");
        List<Map<String, Object>> withNull = new ArrayList<>();
        withNull.add(Map.of("x", 1));
        withNull.add(null);
        assertThatThrownBy(() -> Sweep.of(withNull)).hasMessage("parameter set 2 of the sweep is null");
        Map<String, Object> blank = new LinkedHashMap<>();
        blank.put(" ", 1);
        assertThatThrownBy(() -> Sweep.of(List.of(blank))).hasMessage("parameter set 1: a parameter has no name");
    }

    @Test
    void theSetsCannotBeChangedAfterwards() {
        Sweep sweep = Sweep.grid(Map.of("x", List.of(1, 2)));
        assertThatThrownBy(() -> sweep.paramSets().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sweep.paramSets().get(0).put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
