"""Results as rows and DataFrames, and Atlas's client surface in foundations."""

import io
import os
import sys
import types
import unittest
from contextlib import contextmanager, redirect_stdout
from unittest import mock

from client_support import ServerTest, berth, write
import foundations


class FakePandas(types.ModuleType):
    """Stands in for pandas (not installed here): DataFrame keeps the rows it was given."""

    def __init__(self):
        super(FakePandas, self).__init__("pandas")
        self.DataFrame = lambda rows: ("DataFrame", rows)


class MetricsTest(ServerTest):
    def setUp(self):
        super(MetricsTest, self).setUp()
        self.old = self.fake.add_job(state="completed", params={"lr": 0.1}, metrics={"loss": 0.2},
                                     tags={"model": "mlp"}, _logged={"optimizer": "sgd"})
        self.new = self.fake.add_job(state="completed", params={"lr": 0.2}, metrics={"loss": 0.1},
                                     loggedParams={"optimizer": "adam"})
        self.fake.add_job(project="other")

    def test_one_row_per_job_with_params_metrics_and_tags(self):
        self.assertEqual([
            {"id": self.old["id"], "state": "completed", "lr": 0.1, "optimizer": "sgd", "loss": 0.2, "tag_model": "mlp"},
            {"id": self.new["id"], "state": "completed", "lr": 0.2, "optimizer": "adam", "loss": 0.1},
        ], self.client.metrics(project="demo"))
        details = [r for r in self.fake.requests if r.path.endswith("/details")]
        self.assertEqual(1, len(details))  # only for the job whose view has no loggedParams

    def test_no_name_replaces_another_and_columns_come_in_a_stable_order(self):
        job = self.fake.add_job(project="clash", state="completed", params={"lr": 0.1, "id": "mine", "b": 1},
                                loggedParams={"lr": 0.3, "state": "odd", "a": 2},
                                metrics={"lr": 123.0, "job_id": 7, "state": 1, "loss": 0.5, "param_id": 9},
                                tags={"lr": "x"})
        row = self.client.metrics(project="clash")[0]
        self.assertEqual([("id", job["id"]), ("state", "completed"), ("a", 2), ("b", 1), ("lr", 0.3),
                          ("param_id", "mine"), ("param_state", "odd"), ("job_id", 7), ("loss", 0.5),
                          ("metric_lr", 123.0), ("metric_param_id", 9), ("metric_state", 1), ("tag_lr", "x")],
                         list(row.items()))
        logged_only = self.client.metrics(project="clash", submitted_params=False)[0]
        self.assertEqual(["id", "state", "a", "lr", "param_state", "job_id", "loss", "metric_lr", "metric_state",
                          "param_id", "tag_lr"], list(logged_only))

    def test_a_data_frame_with_pandas_and_a_clear_error_without(self):
        with mock.patch.dict(sys.modules, {"pandas": FakePandas()}):
            frame = self.client.metrics_frame(project="demo")
        self.assertEqual("DataFrame", frame[0])
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with self.assertRaisesRegex(ImportError, r"pandas is not installed.*Client.metrics\(...\)"):
                self.client.metrics_frame(project="demo")


class FoundationsTest(ServerTest):
    def setUp(self):
        super(FoundationsTest, self).setUp()
        write(os.environ["BERTH_HOME"], "config/submission/scheduler.config.yaml", "scheduler_url: " + self.fake.url)

    def test_submit_returns_atlas_deployment_wrapper(self):
        deployment = foundations.submit(job_directory=self.project(), command=["main.py"], params={"lr": 0.1},
                                        num_gpus=0, ram=2, project_name="atlas-style")
        body = self.fake.requests_to("POST", "/api/v1/jobs")[0].json()
        self.assertEqual((2 << 30, 0), (body["spec"]["requests"]["memoryBytes"], body["spec"]["requests"]["numGpus"]))
        self.assertEqual(("atlas-style", {"lr": 0.1}), (body["project"], body["params"]))
        job = self.fake.jobs[deployment.job_name()]
        self.assertEqual(("queued", "queued", False), (deployment.get_job_status(), deployment.get_true_job_status(),
                                                        deployment.is_job_complete()))
        job.update(state="starting")
        self.assertEqual(("running", "starting"), (deployment.get_job_status(), deployment.get_true_job_status()))
        job.update(state="completed", metrics={"acc": 0.9}, _logged={"layers": 3})
        self.fake.logs[job["id"]] = "done\n"
        deployment.wait_for_deployment_to_complete(wait_seconds=0.01)
        self.assertEqual((0.9, 3, 0.1), (deployment.get_metric("acc"), deployment.get_param("layers"),
                                         deployment.get_param("lr")))
        self.assertEqual("completed", deployment.get_job_details()["status"])
        self.assertEqual("done\n", deployment.get_job_logs())
        out = io.StringIO()
        with redirect_stdout(out):
            deployment.stream_job_logs()
        self.assertEqual("done\n", out.getvalue())

    def test_waits_ride_out_a_server_restart_and_take_a_timeout(self):
        deployment = foundations.submit(job_directory=self.project(), command=["main.py"])
        job = self.fake.jobs[deployment.job_name()]
        with self.assertRaisesRegex(berth.AwaitTimeoutError, "is still queued after 100 ms"):
            deployment.wait_for_deployment_to_complete(timeout=0.1)
        with self.assertRaises(berth.AwaitTimeoutError):
            deployment.get_metric("acc", timeout=0.1)
        job.update(state="completed", metrics={"acc": 0.9})
        with self.server_away_for(3, "/api/v1/jobs/"):
            deployment.wait_for_deployment_to_complete()
        with self.server_away_for(3, "/details"):
            self.assertEqual(0.9, deployment.get_metric("acc"))
        with self.server_away_for(3, "/api/v1/jobs/"):
            self.assertEqual("completed", deployment.get_job_details(timeout=60)["status"])

    @contextmanager
    def server_away_for(self, requests, path_part):
        """The next ``requests`` requests whose path has ``path_part`` find no server, as during a restart."""
        real_open = berth._transport.Transport.open
        left = [requests]

        def open(transport, method, path, *args, **kwargs):
            if path_part in "/api/v1" + path and left[0] > 0:
                left[0] -= 1
                raise berth.ServerUnreachableError(transport.url)
            return real_open(transport, method, path, *args, **kwargs)

        with mock.patch("berth._transport.Transport.open", open):
            yield
        self.assertEqual(0, left[0], "the server was never away")

    def test_ram_is_gb_or_a_size_with_its_unit(self):
        for ram, expected in ((2, 2 << 30), (0.5, 512 << 20), ("8g", 8 << 30), ("512m", 512 << 20), ("3", 3 << 30)):
            foundations.submit(job_directory=self.project(), command=["main.py"], ram=ram)
            self.assertEqual(expected, self.fake.requests_to("POST", "/api/v1/jobs")[-1].json()["spec"]["requests"]
                             ["memoryBytes"], repr(ram))
        with self.assertRaisesRegex(ValueError, "^ram: expected a size like 512m, 8g or 1.5g .*, got 'lots'$"):
            foundations.submit(job_directory=self.project(), command=["main.py"], ram="lots")

    def test_a_command_string_is_split_as_a_shell_would(self):
        foundations.submit(job_directory=self.project(), command="main.py --x 1 --name 'a b'")
        self.assertEqual(["main.py", "--x", "1", "--name", "a b"],
                         self.fake.requests_to("POST", "/api/v1/jobs")[0].json()["command"])

    def test_a_failed_job_has_no_results(self):
        deployment = foundations.submit(job_directory=self.project(), command="main.py")
        self.fake.jobs[deployment.job_name()].update(state="failed", reason="exit code 1")
        self.assertEqual("failed", deployment.get_job_status())
        with self.assertRaisesRegex(berth.JobFailedError, "ended failed: exit code 1"):
            deployment.get_metric("acc")

    def test_submitting_does_not_make_the_script_a_job(self):
        with mock.patch.dict(os.environ, {"FOUNDATIONS_COMMAND_LINE": ""}):
            foundations.submit(job_directory=self.project(), command=["main.py"])
        self.assertEqual(1, len(self.fake.jobs))
        self.assertNotIn("BERTH_EVENTS_FILE", os.environ)

    def test_atlas_rows_keep_their_fixed_columns_whatever_a_job_logs(self):
        job = self.fake.add_job(project="clash", state="completed", params={"status": "mine", "id": 1},
                                loggedParams={}, metrics={"job_id": 7, "id": 2, "acc": 0.9})
        row = foundations.get_metrics_rows_for_all_jobs("clash")[0]
        self.assertEqual([("job_id", job["id"]), ("project_name", "clash"), ("status", "completed"),
                          ("start_time", None), ("completed_time", None), ("id", 1), ("param_status", "mine"),
                          ("acc", 0.9), ("metric_id", 2), ("metric_job_id", 7)], list(row.items()))

    def test_get_metrics_for_all_jobs(self):
        self.fake.add_job(state="completed", params={"lr": 0.1}, metrics={"loss": 0.2}, tags={"m": "x"},
                          loggedParams={"opt": "sgd"})
        with mock.patch.dict(sys.modules, {"pandas": FakePandas()}):
            _, rows = foundations.get_metrics_for_all_jobs("demo")
            _, with_inputs = foundations.get_metrics_for_all_jobs("demo", include_input_params=True)
        self.assertEqual({"lr": 0.1, "opt": "sgd", "loss": 0.2, "tag_m": "x", "status": "completed",
                          "project_name": "demo"},
                         {k: v for k, v in rows[0].items() if k not in ("job_id", "start_time", "completed_time")})
        self.assertEqual(rows, with_inputs)
        with self.assertRaisesRegex(ValueError, "Project `nothing` does not exist!"):
            foundations.get_metrics_rows_for_all_jobs("nothing")
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with self.assertRaisesRegex(ImportError, "get_metrics_rows_for_all_jobs"):
                foundations.get_metrics_for_all_jobs("demo")


if __name__ == "__main__":
    unittest.main()
