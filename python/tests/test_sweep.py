"""Sweeps: grids in Java's order, and random draws equal to the Java SDK's for the same seed."""

import struct
import unittest

from client_support import berth
from berth import Sweep, choice, integer, log_uniform, uniform


def bits(value):
    """A float as the signed 64-bit pattern Java's Double.doubleToRawLongBits prints."""
    return struct.unpack("<q", struct.pack("<d", value))[0]


class JavaVectorsTest(unittest.TestCase):
    """Expected values printed by Java's Sweep.random (sdk/src/main/java/io/berth/sdk/Sweep.java)."""

    def draws(self, n, seed, distributions):
        return [{k: bits(v) if isinstance(v, float) else v for k, v in s.items()}
                for s in Sweep.random(n, seed, distributions).param_sets]

    def test_integers_and_uniform_doubles(self):
        self.assertEqual([
            {"wide": -481374910691856780, "pow": 924, "big": 1311925974022349002, "u": 9094646189270259186},
            {"wide": -5190018735813255704, "pow": 165, "big": 385553497823700131, "u": -135859566691536512},
            {"wide": -7510310032087911766, "pow": 426, "big": 2025727604339881983, "u": -134148990478766226},
            {"wide": 5189332217269733954, "pow": 140, "big": 4529026488326742470, "u": 9083041191375976232},
        ], self.draws(4, -123456789012345, {"wide": integer(-2 ** 63, 2 ** 63 - 1), "pow": integer(0, 1023),
                                            "big": integer(-5, 2 ** 62), "u": uniform(-1e300, 1e300)}))

    def test_choices_in_the_keys_own_streams(self):
        expected = [("rmsprop", 4605053939902475664, 4), ("adam", 4599719679648016288, 5),
                    ("sgd", 4580723226681653536, 9), ("adam", 4598603543050822214, 1)]
        draws = self.draws(4, 42, {"opt": choice("adam", "sgd", "rmsprop"), "x": uniform(0, 1), "n": integer(1, 10)})
        self.assertEqual(expected, [(d["opt"], d["x"], d["n"]) for d in draws])
        # a key's values do not depend on the other keys, nor on their order
        alone = self.draws(4, 42, {"n": integer(1, 10)})
        self.assertEqual([4, 5, 9, 1], [d["n"] for d in alone])

    def test_log_uniform_as_with_strictmath(self):
        # printed by Distribution.LogUniform with StrictMath.exp/log (fdlibm): see _fdlibm.py
        self.assertEqual([(4566225303775763679, 1476084601370972215), (4555201313484514330, 6090235916890636474),
                          (4567163512721493232, 4789932985741716126), (4565747623631796871, 1727575090677874240)],
                         [(d["lr"], d["tiny"]) for d in self.draws(4, 7, {"lr": log_uniform(1e-4, 0.1),
                                                                          "tiny": log_uniform(1e-300, 1e300)})])

    def test_a_larger_n_begins_with_the_smaller(self):
        distributions = {"lr": log_uniform(1e-5, 1), "b": choice([16, 32])}
        self.assertEqual(Sweep.random(3, 1, distributions).param_sets, Sweep.random(5, 1, distributions).param_sets[:3])


class SweepShapesTest(unittest.TestCase):
    def test_grid_varies_the_first_key_slowest(self):
        self.assertEqual([{"lr": 0.1, "batch": 32}, {"lr": 0.1, "batch": 64}, {"lr": 0.01, "batch": 32},
                          {"lr": 0.01, "batch": 64}], Sweep.grid({"lr": [0.1, 0.01], "batch": [32, 64]}).param_sets)

    def test_of_keeps_the_sets(self):
        self.assertEqual([{}, {"a": 1}], Sweep.of([{}, {"a": 1}]).param_sets)

    def test_bad_sweeps_name_the_key(self):
        for make, message in (
                (lambda: Sweep.grid({"lr": []}), "grid: 'lr' has no values"),
                (lambda: Sweep.grid({"a": list(range(1001)), "b": list(range(100))}), "more than 100000"),
                (lambda: Sweep.random(0, 1, {"a": uniform(0, 1)}), "n must be 1 to 100000"),
                (lambda: Sweep.random(1, 1, {"lr": log_uniform(0, 1)}), "'lr' is loguniform\\(0.0, 1.0\\), but a "
                                                                        "log-uniform range must be above 0"),
                (lambda: Sweep.random(1, 1, {"n": integer(4, 1)}), "'n' is int\\(4, 1\\), but 4 > 1"),
                (lambda: Sweep.random(1, 1, {"x": uniform(2, 1)}), "'x' is uniform\\(2.0, 1.0\\), but 2.0 > 1.0"),
                (lambda: Sweep.random(1, 1, {"c": choice()}), "'c' is a choice of no values"),
                (lambda: Sweep.random(1, 1, {"u": uniform(0, float("inf"))}), "'u' .* both ends must be finite"),
                (lambda: Sweep.random(1, 1, {"d": 3}), "'d' has no distribution"),
                (lambda: Sweep.of([]), "at least one parameter set"),
                (lambda: Sweep.of([{" ": 1}]), "parameter set 1: a parameter has no name"),
                (lambda: Sweep.of([{}, {"a": b"x"}]), "parameter set 2: the value of 'a' cannot be sent as JSON"),
                (lambda: Sweep.grid({"lr": [0.1, float("nan")]}), "grid: the value of 'lr' cannot be sent as JSON"),
                (lambda: Sweep.random(1, 1, {"": uniform(0, 1)}), "random: a parameter has no name")):
            with self.assertRaisesRegex(ValueError, message):
                make()

    def test_berth_exports_them(self):
        self.assertIs(berth.Sweep, Sweep)


if __name__ == "__main__":
    unittest.main()
