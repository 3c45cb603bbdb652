"""Tests of the in-container helpers (berth and foundations).

Run from the repository root with
``python3 -m unittest discover -s python/tests``
(the Maven build runs them too: sdk's PythonHelperTest).
Standard library only.
"""

import contextlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest

HELPERS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if HELPERS_DIR not in sys.path:
    sys.path.insert(0, HELPERS_DIR)

import berth  # noqa: E402

TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
ENV_VARS = ("BERTH_EVENTS_FILE", "BERTH_PARAMETERS_FILE", "BERTH_JOB_ID")


class FakeNumpyScalar(object):
    """Stands in for numpy.float32 / numpy.int64 (numpy is not installed)."""

    def __init__(self, value):
        self._value = value

    def item(self):
        return self._value


class FakeNumpyArray(object):
    """Stands in for a numpy array of more than one element."""

    def __init__(self, values):
        self._values = values

    def item(self):
        raise ValueError("can only convert an array of size 1 to a Python scalar")

    def tolist(self):
        return list(self._values)


def reset_helper_state():
    with berth._lock:
        berth._steps.clear()
        berth._warned.clear()
    berth._warned_no_parameters = False
    import foundations

    foundations._warned.clear()


class HelperTestCase(unittest.TestCase):
    """Each test gets a temp dir, a job environment pointing into it, fresh state."""

    def setUp(self):
        self.saved_env = {name: os.environ.get(name) for name in ENV_VARS}
        self.saved_cwd = os.getcwd()
        self.tmp = tempfile.mkdtemp(prefix="berth-helper-test-")
        self.berth_dir = os.path.join(self.tmp, "berth")
        os.mkdir(self.berth_dir)
        self.events = os.path.join(self.berth_dir, "events.jsonl")
        self.work = os.path.join(self.tmp, "job_source")
        os.mkdir(self.work)
        os.chdir(self.work)
        for name in ENV_VARS:
            os.environ.pop(name, None)
        os.environ["BERTH_EVENTS_FILE"] = self.events
        reset_helper_state()

    def tearDown(self):
        os.chdir(self.saved_cwd)
        for name, value in self.saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(self.tmp, ignore_errors=True)
        reset_helper_state()

    def raw(self):
        if not os.path.exists(self.events):
            return b""
        with open(self.events, "rb") as handle:
            return handle.read()

    def events_read(self):
        """Every line, parsed; fails unless each is a whole compact JSON line."""
        data = self.raw()
        if not data:
            return []
        self.assertTrue(data.endswith(b"\n"), "the file must end with a newline")
        events = []
        for line in data.decode("utf-8").split("\n")[:-1]:
            self.assertLess(len(line.encode("utf-8")) + 1, 65536)
            event = json.loads(line)
            self.assertIsInstance(event, dict)
            self.assertRegex(event["time"], TIME)
            events.append(event)
        return events

    def without_time(self):
        result = []
        for event in self.events_read():
            event = dict(event)
            del event["time"]
            result.append(event)
        return result

    @contextlib.contextmanager
    def stderr(self):
        buffer = io.StringIO()
        with contextlib.redirect_stderr(buffer):
            yield buffer


class LineFormatTest(HelperTestCase):
    def test_each_event_is_one_compact_json_line_with_fields_in_order(self):
        berth.log_metric("loss", 0.25, step=3)
        berth.log_param("lr", 0.1)
        berth.set_tag("model", "resnet")
        lines = self.raw().decode("utf-8").split("\n")
        self.assertEqual(lines[-1], "")
        self.assertEqual(len(lines), 4)
        self.assertRegex(
            lines[0],
            r'^\{"kind":"metric","key":"loss","value":0\.25,"step":3,'
            r'"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"\}$',
        )
        self.assertTrue(lines[1].startswith('{"kind":"param","key":"lr","value":0.1,"time":"'))
        self.assertTrue(lines[2].startswith('{"kind":"tag","key":"model","value":"resnet","time":"'))
        for line in lines[:-1]:
            self.assertNotIn(" ", line.split('"time"')[0])

    def test_time_is_utc_now_with_milliseconds(self):
        import datetime

        before = datetime.datetime.now(datetime.timezone.utc)
        berth.log_metric("loss", 1)
        after = datetime.datetime.now(datetime.timezone.utc)
        stamp = self.events_read()[0]["time"]
        parsed = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=datetime.timezone.utc
        )
        self.assertLessEqual(before.replace(microsecond=before.microsecond // 1000 * 1000), parsed)
        self.assertLessEqual(parsed, after)

    def test_newlines_and_unicode_in_values_stay_inside_the_line(self):
        berth.log_param("text", "a\nb\r\nc\u2028d é 日本")
        berth.set_tag("note", "line1\nline2")
        events = self.events_read()
        self.assertEqual(len(events), 2)
        self.assertEqual(events[0]["value"], "a\nb\r\nc\u2028d é 日本")
        self.assertEqual(events[1]["value"], "line1\nline2")
        self.assertEqual(self.raw().count(b"\n"), 2)

    def test_appends_to_an_existing_file(self):
        with open(self.events, "w") as handle:
            handle.write('{"kind":"tag","key":"server","value":"x","time":"2026-01-01T00:00:00.000Z"}\n')
        berth.log_metric("loss", 1)
        events = self.events_read()
        self.assertEqual([e["key"] for e in events], ["server", "loss"])

    def test_creates_the_events_directory_if_missing(self):
        nested = os.path.join(self.tmp, "not", "there", "events.jsonl")
        os.environ["BERTH_EVENTS_FILE"] = nested
        berth.log_metric("loss", 1)
        with open(nested) as handle:
            self.assertEqual(json.loads(handle.read())["value"], 1)


class LogMetricTest(HelperTestCase):
    def test_steps_count_per_key_from_zero(self):
        for value in (1.0, 0.5, 0.25):
            berth.log_metric("loss", value)
        berth.log_metric("acc", 0.9)
        berth.log_metric("loss", 0.125)
        self.assertEqual(
            [(e["key"], e["step"], e["value"]) for e in self.events_read()],
            [("loss", 0, 1.0), ("loss", 1, 0.5), ("loss", 2, 0.25), ("acc", 0, 0.9), ("loss", 3, 0.125)],
        )

    def test_explicit_step_is_used_and_does_not_advance_the_count(self):
        berth.log_metric("loss", 1, step=10)
        berth.log_metric("loss", 2)
        berth.log_metric("loss", 3, step=0)
        berth.log_metric("loss", 4)
        self.assertEqual([e["step"] for e in self.events_read()], [10, 0, 0, 1])

    def test_value_kinds(self):
        berth.log_metric("int", 3)
        berth.log_metric("float", -2.5)
        berth.log_metric("big", 2 ** 70)
        berth.log_metric("str", "done")
        berth.log_metric("list", [1, 2.5, "x"])
        berth.log_metric("tuple", (1, 2))
        berth.log_metric("empty", [])
        values = {e["key"]: e["value"] for e in self.events_read()}
        self.assertEqual(
            values,
            {"int": 3, "float": -2.5, "big": 2 ** 70, "str": "done", "list": [1, 2.5, "x"], "tuple": [1, 2], "empty": []},
        )
        self.assertIsInstance(values["int"], int)

    def test_numpy_like_scalars_and_arrays_are_converted(self):
        berth.log_metric("f32", FakeNumpyScalar(0.5))
        berth.log_metric("i64", FakeNumpyScalar(7), step=FakeNumpyScalar(2))
        berth.log_metric("arr", FakeNumpyArray([1, 2]))
        berth.log_metric("list", [FakeNumpyScalar(1.5), 2])
        events = self.events_read()
        self.assertEqual([(e["key"], e["value"], e["step"]) for e in events],
                         [("f32", 0.5, 0), ("i64", 7, 2), ("arr", [1, 2], 0), ("list", [1.5, 2], 0)])

    def test_numpy_like_nan_and_bool_are_rejected(self):
        with self.assertRaisesRegex(ValueError, "'x'"):
            berth.log_metric("x", FakeNumpyScalar(float("nan")))
        with self.assertRaisesRegex(ValueError, "'x'"):
            berth.log_metric("x", FakeNumpyScalar(True))
        self.assertEqual(self.raw(), b"")

    def test_invalid_values_raise_value_error_naming_the_key(self):
        bad = [
            float("nan"),
            float("inf"),
            -float("inf"),
            True,
            False,
            None,
            {"a": 1},
            [[1, 2]],
            [1, float("nan")],
            [True],
            b"bytes",
            object(),
        ]
        for value in bad:
            with self.subTest(value=value):
                with self.assertRaises(ValueError) as caught:
                    berth.log_metric("my_metric", value)
                self.assertIn("my_metric", str(caught.exception))
        self.assertEqual(self.raw(), b"")

    def test_invalid_steps(self):
        for step in (1.5, "3", True, 2 ** 63, -(2 ** 63) - 1):
            with self.subTest(step=step):
                with self.assertRaisesRegex(ValueError, "my_metric"):
                    berth.log_metric("my_metric", 1, step=step)
        berth.log_metric("ok", 1, step=-(2 ** 63))
        berth.log_metric("ok", 1, step=2 ** 63 - 1)
        self.assertEqual(len(self.events_read()), 2)

    def test_failed_call_does_not_advance_the_step(self):
        berth.log_metric("loss", 1)
        with self.assertRaises(ValueError):
            berth.log_metric("loss", float("nan"))
        berth.log_metric("loss", 2)
        self.assertEqual([e["step"] for e in self.events_read()], [0, 1])


class KeyTest(HelperTestCase):
    def test_invalid_keys_raise_value_error(self):
        calls = [
            lambda key: berth.log_metric(key, 1),
            lambda key: berth.log_param(key, 1),
            lambda key: berth.log_params({key: 1}),
            lambda key: berth.set_tag(key, "v"),
        ]
        for key in ("", "a" * 257, "a\nb", "a\rb", None, 3, b"k"):
            for call in calls:
                with self.subTest(key=key):
                    with self.assertRaises(ValueError) as caught:
                        call(key)
                    if isinstance(key, str) and key:
                        self.assertIn(repr(key[:40])[1:-1], str(caught.exception))
        self.assertEqual(self.raw(), b"")

    def test_longest_key_and_unicode_keys_are_fine(self):
        berth.log_metric("k" * 256, 1)
        berth.log_metric("verlust/é", 1)
        self.assertEqual([e["key"] for e in self.events_read()], ["k" * 256, "verlust/é"])


class LineLimitTest(HelperTestCase):
    def test_a_value_that_would_make_the_line_64k_or_more_raises_naming_the_key(self):
        with self.assertRaisesRegex(ValueError, "'huge'.*65535"):
            berth.log_metric("huge", "x" * 65536)
        with self.assertRaisesRegex(ValueError, "'huge_param'"):
            berth.log_param("huge_param", ["y" * 1000] * 70)
        with self.assertRaisesRegex(ValueError, "'huge_tag'"):
            berth.set_tag("huge_tag", "é" * 33000)  # 66000 bytes in UTF-8
        self.assertEqual(self.raw(), b"")

    def test_the_longest_allowed_line_is_65535_bytes_with_its_newline(self):
        berth.log_metric("probe", "")
        empty = len(self.raw())
        os.remove(self.events)
        room = 65535 - empty
        berth.log_metric("probe", "x" * room)
        self.assertEqual(len(self.raw()), 65535)
        with self.assertRaises(ValueError):
            berth.log_metric("probe", "x" * (room + 1))
        self.assertEqual(len(self.events_read()), 1)


class ParamAndTagTest(HelperTestCase):
    def test_log_param_accepts_any_json_value(self):
        values = [0.1, 3, "adam", None, True, [1, "a", None], {"depth": 3, "layers": [64, 32]}]
        for index, value in enumerate(values):
            berth.log_param("p{}".format(index), value)
        self.assertEqual([e["value"] for e in self.events_read()], values)
        self.assertTrue(all(e["kind"] == "param" for e in self.events_read()))

    def test_log_param_converts_numpy_like_values_and_rejects_the_rest(self):
        berth.log_param("lr", FakeNumpyScalar(0.01))
        berth.log_param("nested", {"a": [FakeNumpyScalar(2)]})
        self.assertEqual([e["value"] for e in self.events_read()], [0.01, {"a": [2]}])
        for value in (float("nan"), {"a": float("inf")}, object(), {1, 2}):
            with self.subTest(value=value):
                with self.assertRaisesRegex(ValueError, "'bad'"):
                    berth.log_param("bad", value)

    def test_log_params_writes_one_event_per_item(self):
        berth.log_params({"lr": 0.1, "epochs": 3, "opt": "sgd"})
        self.assertEqual(
            self.without_time(),
            [
                {"kind": "param", "key": "lr", "value": 0.1},
                {"kind": "param", "key": "epochs", "value": 3},
                {"kind": "param", "key": "opt", "value": "sgd"},
            ],
        )

    def test_log_params_checks_everything_before_writing(self):
        with self.assertRaisesRegex(ValueError, "'bad'"):
            berth.log_params({"good": 1, "bad": float("nan")})
        with self.assertRaises(ValueError):
            berth.log_params([("a", 1)])
        self.assertEqual(self.raw(), b"")

    def test_set_tag(self):
        berth.set_tag("model", "resnet")
        berth.set_tag("flag")
        berth.set_tag("epochs", 3)
        self.assertEqual(
            [(e["kind"], e["key"], e["value"]) for e in self.events_read()],
            [("tag", "model", "resnet"), ("tag", "flag", ""), ("tag", "epochs", "3")],
        )
        for value in (None, [1], {"a": 1}):
            with self.assertRaisesRegex(ValueError, "'model'"):
                berth.set_tag("model", value)


class SaveArtifactTest(HelperTestCase):
    def write(self, name, content):
        path = os.path.join(self.work, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path

    def test_copies_the_file_then_writes_the_event(self):
        source = self.write("plot.png", b"\x89PNG 1234")
        berth.save_artifact(source, "plot")
        self.assertEqual(
            self.without_time(),
            [{"kind": "artifact", "key": "plot", "path": "artifacts/plot/plot.png", "bytes": 9}],
        )
        with open(os.path.join(self.berth_dir, "artifacts", "plot", "plot.png"), "rb") as handle:
            self.assertEqual(handle.read(), b"\x89PNG 1234")

    def test_key_defaults_to_the_basename_and_relative_paths_work(self):
        os.mkdir(os.path.join(self.work, "out"))
        self.write(os.path.join("out", "result.json"), b"{}")
        berth.save_artifact("out/result.json")
        event = self.events_read()[0]
        self.assertEqual((event["key"], event["path"], event["bytes"]),
                         ("result.json", "artifacts/result.json/result.json", 2))
        self.assertTrue(os.path.isfile(os.path.join(self.berth_dir, event["path"])))

    def test_accepts_path_objects(self):
        import pathlib

        self.write("a.txt", b"abc")
        berth.save_artifact(pathlib.Path("a.txt"), key="a")
        self.assertEqual(self.events_read()[0]["path"], "artifacts/a/a.txt")

    def test_saving_a_key_again_replaces_the_copy(self):
        self.write("v1.txt", b"first")
        self.write("v2.txt", b"second!")
        berth.save_artifact("v1.txt", "model")
        berth.save_artifact("v2.txt", "model")
        key_dir = os.path.join(self.berth_dir, "artifacts", "model")
        self.assertEqual(os.listdir(key_dir), ["v2.txt"])
        events = self.events_read()
        self.assertEqual([(e["path"], e["bytes"]) for e in events],
                         [("artifacts/model/v1.txt", 5), ("artifacts/model/v2.txt", 7)])
        self.write("v2.txt", b"third")
        berth.save_artifact("v2.txt", "model")
        with open(os.path.join(key_dir, "v2.txt"), "rb") as handle:
            self.assertEqual(handle.read(), b"third")
        self.assertEqual(os.listdir(key_dir), ["v2.txt"])

    def test_missing_file_raises_file_not_found_naming_it(self):
        with self.assertRaises(FileNotFoundError) as caught:
            berth.save_artifact("missing.csv")
        self.assertIn("missing.csv", str(caught.exception))
        self.assertEqual(caught.exception.filename, "missing.csv")
        self.assertEqual(self.raw(), b"")

    def test_directory_raises(self):
        os.mkdir("adir")
        with self.assertRaises(IsADirectoryError):
            berth.save_artifact("adir")

    def test_keys_that_are_not_directory_names_are_rejected(self):
        self.write("f.txt", b"x")
        for key in ("../escape", "a/b", ".", "..", "x\0y", "é" * 128, ""):
            with self.subTest(key=key):
                with self.assertRaises(ValueError):
                    berth.save_artifact("f.txt", key)
        self.assertEqual(self.raw(), b"")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "escape")))

    def test_empty_file(self):
        self.write("empty", b"")
        berth.save_artifact("empty")
        self.assertEqual(self.events_read()[0]["bytes"], 0)

    def test_leaves_no_temporary_files(self):
        self.write("f.txt", b"x" * 100000)
        for _ in range(3):
            berth.save_artifact("f.txt")
        self.assertEqual(os.listdir(os.path.join(self.berth_dir, "artifacts", "f.txt")), ["f.txt"])


class OutsideAJobTest(HelperTestCase):
    def setUp(self):
        super(OutsideAJobTest, self).setUp()
        del os.environ["BERTH_EVENTS_FILE"]

    def test_every_reporting_call_warns_once_and_does_nothing(self):
        with self.stderr() as err:
            for _ in range(3):
                self.assertIsNone(berth.log_metric("loss", 1))
                self.assertIsNone(berth.log_metric("loss", float("nan")))
                self.assertIsNone(berth.log_param("lr", 0.1))
                self.assertIsNone(berth.log_params({"a": 1}))
                self.assertIsNone(berth.set_tag("t", "v"))
                self.assertIsNone(berth.save_artifact("no-such-file"))
        self.assertEqual(
            err.getvalue().splitlines(),
            [
                "berth: not running in a Berth job; log_metric does nothing",
                "berth: not running in a Berth job; log_param does nothing",
                "berth: not running in a Berth job; log_params does nothing",
                "berth: not running in a Berth job; set_tag does nothing",
                "berth: not running in a Berth job; save_artifact does nothing",
            ],
        )
        self.assertEqual(os.listdir(self.berth_dir), [])
        self.assertEqual(os.listdir(self.work), [])

    def test_empty_variable_counts_as_outside(self):
        os.environ["BERTH_EVENTS_FILE"] = ""
        with self.stderr() as err:
            berth.log_metric("loss", 1)
        self.assertIn("log_metric does nothing", err.getvalue())
        self.assertEqual(os.listdir(self.berth_dir), [])

    def test_load_parameters_returns_empty_dict(self):
        with self.stderr() as err:
            self.assertEqual(berth.load_parameters(), {})
        self.assertIn("load_parameters() returns {}", err.getvalue())


class LoadParametersTest(HelperTestCase):
    def test_reads_the_file_named_by_the_variable_and_logs_nothing(self):
        path = os.path.join(self.tmp, "params.json")
        with open(path, "w") as handle:
            json.dump({"lr": 0.1, "layers": [1, 2]}, handle)
        os.environ["BERTH_PARAMETERS_FILE"] = path
        self.assertEqual(berth.load_parameters(), {"lr": 0.1, "layers": [1, 2]})
        self.assertEqual(berth.load_parameters(log_parameters=True), {"lr": 0.1, "layers": [1, 2]})
        self.assertEqual(self.raw(), b"", "the server records submitted parameters itself")

    def test_falls_back_to_the_atlas_file_in_the_working_directory(self):
        with open("foundations_job_parameters.json", "w") as handle:
            json.dump({"epochs": 3}, handle)
        self.assertEqual(berth.load_parameters(), {"epochs": 3})

    def test_invalid_files(self):
        path = os.path.join(self.tmp, "params.json")
        os.environ["BERTH_PARAMETERS_FILE"] = path
        for content in ("{not json", "[1, 2]"):
            with open(path, "w") as handle:
                handle.write(content)
            with self.assertRaises(ValueError):
                berth.load_parameters()

    def test_job_id(self):
        self.assertIsNone(berth.job_id())
        os.environ["BERTH_JOB_ID"] = "job-1"
        self.assertEqual(berth.job_id(), "job-1")


class ConcurrencyTest(HelperTestCase):
    def test_threads_and_processes_write_only_whole_lines(self):
        threads_count, per_thread = 8, 1000
        processes_count, per_process = 2, 1000
        child = textwrap.dedent(
            """
            import sys, berth
            name = sys.argv[1]
            for i in range({n}):
                # every 50th line is long, to make interleaving likelier
                berth.log_metric(name, "z" * 30000 if i % 50 == 0 else i)
            """
        ).format(n=per_process)
        env = dict(os.environ)
        env["PYTHONPATH"] = HELPERS_DIR
        processes = [
            subprocess.Popen([sys.executable, "-c", child, "proc{}".format(p)], env=env)
            for p in range(processes_count)
        ]

        errors = []

        def worker(number):
            try:
                for i in range(per_thread):
                    value = "y" * 20000 if i % 100 == 0 else i * 0.5
                    berth.log_metric("thread{}".format(number), value)
                    if i % 250 == 0:
                        berth.log_metric("shared", number)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for process in processes:
            self.assertEqual(process.wait(timeout=120), 0)
        self.assertEqual(errors, [])

        events = self.events_read()  # parses every line
        shared = threads_count * (per_thread // 250)
        self.assertEqual(
            len(events),
            threads_count * per_thread + processes_count * per_process + shared,
        )
        by_key = {}
        for event in events:
            by_key.setdefault(event["key"], []).append(event["step"])
        for n in range(threads_count):
            self.assertEqual(by_key["thread{}".format(n)], list(range(per_thread)))
        for p in range(processes_count):
            self.assertEqual(by_key["proc{}".format(p)], list(range(per_process)))
        self.assertEqual(sorted(by_key["shared"]), list(range(shared)))

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_child_forked_while_the_lock_is_held_can_still_log(self):
        with berth._lock:
            pid = os.fork()
            if pid == 0:  # child: the inherited lock is held by a thread that is not here
                import signal

                signal.alarm(20)  # a deadlocked child dies instead of hanging the test
                code = 1
                try:
                    berth.log_metric("child", 1)
                    code = 0
                finally:
                    os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(status, 0)
        self.assertEqual([e["key"] for e in self.events_read()], ["child"])


class FoundationsTest(HelperTestCase):
    def test_atlas_style_script_runs_unchanged(self):
        with open("foundations_job_parameters.json", "w") as handle:
            json.dump({"learning_rate": 0.01, "epochs": 2}, handle)
        with open("model.txt", "w") as handle:
            handle.write("weights")
        script = textwrap.dedent(
            """
            import foundations

            params = foundations.load_parameters()
            foundations.log_param("optimizer", "adam")
            foundations.log_params({"batch_size": 32})
            for epoch in range(params["epochs"]):
                foundations.log_metric("loss", 1.0 / (epoch + 1))
            foundations.log_metric("final_accuracy", 0.93)
            foundations.set_tag("model", "mlp")
            foundations.set_tag("baseline")
            foundations.save_artifact("model.txt", key="model")
            foundations.set_job_resources(num_gpus=1, ram=4)
            synced = foundations.create_syncable_directory("data", "data_dir")
            synced.upload()
            synced.download()
            foundations.set_tensorboard_logdir("tb")
            print("done")
            """
        )
        env = dict(os.environ)
        env["PYTHONPATH"] = HELPERS_DIR
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "done\n")
        self.assertEqual(
            result.stderr.splitlines(),
            [
                "berth: set_job_resources is ignored by Berth; set num_gpus and ram in job.config.yaml or on berth submit",
                "berth: create_syncable_directory does not sync with Berth: its directory (by default "
                "synced_directories/<key> in the job's directory) is archived with the job when it ends",
                "berth: set_tensorboard_logdir is ignored by Berth; logs written under the job's directory are "
                "archived with the job",
            ],
        )
        self.assertEqual(
            self.without_time(),
            [
                {"kind": "param", "key": "optimizer", "value": "adam"},
                {"kind": "param", "key": "batch_size", "value": 32},
                {"kind": "metric", "key": "loss", "value": 1.0, "step": 0},
                {"kind": "metric", "key": "loss", "value": 0.5, "step": 1},
                {"kind": "metric", "key": "final_accuracy", "value": 0.93, "step": 0},
                {"kind": "tag", "key": "model", "value": "mlp"},
                {"kind": "tag", "key": "baseline", "value": ""},
                {"kind": "artifact", "key": "model", "path": "artifacts/model/model.txt", "bytes": 7},
            ],
        )

    def test_foundations_exports_the_atlas_names(self):
        import foundations

        for name in ("load_parameters", "log_metric", "log_param", "log_params", "set_tag", "save_artifact"):
            self.assertIs(getattr(foundations, name), getattr(berth, name))
        for name in ("set_job_resources", "set_tensorboard_logdir"):
            self.assertTrue(callable(getattr(foundations, name)))
            self.assertIn("ignored by berth", getattr(foundations, name).__doc__.lower())
        self.assertIn("/job/synced_directories/<key>", foundations.create_syncable_directory.__doc__)
        self.assertEqual(
            sorted(foundations.__all__),
            sorted([
                "load_parameters", "log_metric", "log_param", "log_params", "set_tag", "save_artifact",
                "set_job_resources", "create_syncable_directory", "set_tensorboard_logdir",
            ]),
        )

    def test_ignored_functions_warn_once(self):
        import foundations

        with self.stderr() as err:
            foundations.set_job_resources(1, 2)
            foundations.set_job_resources(1, 2)
            directory = foundations.create_syncable_directory("k")
            foundations.create_syncable_directory("k", self.work)
            foundations.set_tensorboard_logdir("tb")
        self.assertEqual(len(err.getvalue().splitlines()), 3)
        self.assertTrue(os.path.isdir(str(directory)))
        self.assertEqual(self.raw(), b"")

    def test_a_syncable_directory_in_a_job_is_in_the_jobs_directory_which_is_archived(self):
        import foundations

        with self.stderr() as err:
            directory = foundations.create_syncable_directory("results")
            again = foundations.create_syncable_directory("results", source_job_id="01other")
            given = foundations.create_syncable_directory("other", "mine")
        # the events file is <job's directory>/berth/events.jsonl: self.tmp stands for /job
        self.assertEqual(os.path.join(self.tmp, "synced_directories", "results"), directory.directory_path)
        self.assertTrue(os.path.isdir(directory.directory_path))
        self.assertEqual(directory.directory_path, os.fspath(again))
        self.assertEqual("mine", given.directory_path)
        self.assertIn("is archived with the job when it ends", err.getvalue())
        for key in ("../escape", "a/b", "..", ""):
            with self.assertRaises(ValueError):
                foundations.create_syncable_directory(key)

    def test_a_syncable_directory_outside_a_job_is_a_temporary_one(self):
        import foundations

        del os.environ["BERTH_EVENTS_FILE"]
        with self.stderr() as err:
            directory = foundations.create_syncable_directory("results")
        self.addCleanup(os.rmdir, directory.directory_path)
        self.assertTrue(os.path.isdir(directory.directory_path))
        self.assertFalse(directory.directory_path.startswith(self.tmp))
        self.assertEqual("berth: create_syncable_directory does not sync with Berth: outside a job its directory "
                         "(by default a new temporary directory) is not kept\n", err.getvalue())


if __name__ == "__main__":
    unittest.main()
