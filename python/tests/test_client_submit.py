"""Submitting through the client against the fake server: tokens, overrides, idempotency, upload-once."""

import io
import os
import traceback
import unittest
from contextlib import redirect_stderr
from unittest import mock

from client_support import ServerTest, berth, write
from berth import _submit
from berth._archive import extract


class TokenTest(ServerTest):
    token = "berth_secret_token_0123"

    def test_every_request_carries_the_token(self):
        self.client.submit(self.project())
        self.assertTrue(all(r.headers.get("Authorization") == "Bearer " + self.token for r in self.fake.requests))

    def test_a_refused_token_says_how_to_log_in(self):
        write(os.environ["BERTH_HOME"], "config/submission/lab.config.yaml",
              "scheduler_url: {}\ntoken: wrong_token_0000000\n".format(self.fake.url))
        with self.assertRaises(berth.UnauthorizedError) as raised:
            berth.connect("lab").jobs()
        self.assertEqual("env 'lab' ({}): the server does not accept its token (wrong, revoked or expired); "
                         "log in with: berth login lab".format(self.fake.url), str(raised.exception))
        self.assertEqual((401, "unauthorized"), (raised.exception.status, raised.exception.code))

    def test_no_token_at_all_is_said_so(self):
        write(os.environ["BERTH_HOME"], "config/submission/lab.config.yaml", "scheduler_url: " + self.fake.url)
        with self.assertRaisesRegex(berth.UnauthorizedError, "the server asks for a token and the env has none"):
            berth.connect("lab").jobs()


class SubmitTest(ServerTest):
    def test_the_job_config_request_and_the_overrides(self):
        self.fake.job_config = {"project": "from-config", "command": ["main.py", "--a"], "params": {"lr": 0.1, "n": 1},
                                "spec": {"image": "img:1", "environment": {"BERTH_LOG_LEVEL": "INFO", "A": "1"},
                                         "volumes": [], "requests": {"numGpus": 1, "cpus": 2.0, "priority": 5}}}
        project = self.project("my project", {"main.py": "", "job.config.yaml": "project_name: x\n"})
        job = self.client.submit(project, params={"lr": 0.2}, environment={"B": 2}, image="img:2", cpus=0.5,
                                 memory="512m", timeout="90m", max_attempts=2, retry_on_failure=True)
        sent = self.fake.requests_to("POST", "/api/v1/job-config")[0].json()
        self.assertEqual({"file": os.path.join(project, "job.config.yaml"), "text": "project_name: x\n",
                          "directoryName": "my project"}, sent)
        body = self.fake.requests_to("POST", "/api/v1/jobs")[0].json()
        self.assertEqual(("from-config", ["main.py", "--a"], {"lr": 0.2, "n": 1}),
                         (body["project"], body["command"], body["params"]))
        spec = body["spec"]
        self.assertEqual("img:2", spec["image"])
        self.assertEqual({"BERTH_LOG_LEVEL": "INFO", "A": "1", "B": "2"}, spec["environment"])
        self.assertEqual({"numGpus": 1, "cpus": 0.5, "priority": 5, "memoryBytes": 512 << 20, "timeoutSeconds": 5400,
                          "maxAttempts": 2, "retryOnFailure": True}, spec["requests"])
        self.assertEqual("{}:{}".format(os.getuid(), os.getgid()), spec["runAs"])
        self.assertRegex(body["idempotencyKey"], "^[A-Za-z0-9_-]{8,128}$")
        self.assertEqual(body["bundleDigest"], next(iter(self.fake.bundles)))
        self.assertEqual(self.fake.jobs[job.id]["params"], {"lr": 0.2, "n": 1})

    def test_command_and_project_name_given_win(self):
        self.client.submit(self.project(files={"train.py": ""}), command="train.py --epochs 3", project_name="p.2")
        body = self.fake.requests_to("POST", "/api/v1/jobs")[0].json()
        self.assertEqual((["train.py", "--epochs", "3"], "p.2"), (body["command"], body["project"]))

    def test_a_job_without_a_command_is_refused_before_bundling(self):
        self.fake.job_config["command"] = []
        project = self.project()
        with self.assertRaises(berth.ConfigError) as raised:
            self.client.submit(project)
        self.assertIn("set worker.command (or worker.args) in " + os.path.join(project, "job.config.yaml"),
                      str(raised.exception))
        self.assertEqual([], self.fake.requests_to("POST", "/api/v1/jobs"))

    def test_the_servers_verdict_on_job_config_is_a_config_error(self):
        self.fake.job_config_error = "job.config.yaml:3: unknown key 'num_gpu' (did you mean num_gpus?)"
        with self.assertRaisesRegex(berth.ConfigError, "^job.config.yaml:3: unknown key 'num_gpu'"):
            self.client.submit(self.project())

    def test_bad_overrides_are_value_errors_naming_them(self):
        for overrides, message in (({"memory": "lots"}, "memory: expected a size"), ({"timeout": "1w"}, "timeout: "),
                                   ({"cpus": 0.001}, "cpus: must be at least 0.01"), ({"priority": 5000}, "priority"),
                                   ({"environment": {"1BAD": "x"}}, "'1BAD' is not an environment variable name")):
            with self.assertRaisesRegex(ValueError, message):
                self.client.submit(self.project(), **overrides)
        for overrides, message in (({"num_gpus": "1"}, "^num_gpus: expected a whole number \\(an int\\), got '1'$"),
                                   ({"max_attempts": 2.0}, "^max_attempts: expected a whole number"),
                                   ({"priority": True}, "^priority: expected a whole number"),
                                   ({"params": {"a": b"x"}}, "^params: the value of 'a' cannot be sent as JSON: "),
                                   ({"params": {"n": float("nan")}}, "^params: the value of 'n' cannot be sent"),
                                   ({"params": {1: 2}}, "^params: a parameter has no name")):
            with self.assertRaisesRegex(ValueError, message):
                self.client.submit(self.project(), **overrides)
        self.assertEqual([], self.fake.requests_to("POST", "/api/v1/jobs"))
        for entrypoint in ("", "  ", [], [""], [" ", "-c"]):
            with self.assertRaisesRegex(ValueError, "^entrypoint: an entrypoint needs a program to run, got "):
                self.client.submit(self.project(), entrypoint=entrypoint)
        with self.assertRaisesRegex(berth.ConfigError, "is not a valid project name .*; use 'My-Atlas-Project'$"):
            self.client.submit(self.project(), project_name="My Atlas  Project")
        with self.assertRaisesRegex(berth.ConfigError, "is not a valid project name .*\\)$"):
            self.client.submit(self.project(), project_name="::")

    def test_a_number_is_bytes_whatever_its_type_and_a_string_takes_units(self):
        for memory, expected in ((8 << 30, 8 << 30), (float(8 << 30), 8 << 30), ("8g", 8 << 30), ("512m", 512 << 20),
                                 ("2", 2 << 30)):
            self.client.submit(self.project(), memory=memory)
            self.assertEqual(expected, self.fake.requests_to("POST", "/api/v1/jobs")[-1].json()["spec"]["requests"]
                             ["memoryBytes"], repr(memory))
        for memory in (2, 2.0):
            with self.assertRaisesRegex(ValueError, "^memory: must be at least 6m \\(Docker's minimum\\), got '2b'$"):
                self.client.submit(self.project(), memory=memory)
        for memory in (1.5, float("nan"), float("inf")):
            with self.assertRaisesRegex(ValueError, "^memory: a number is bytes, so it must be a whole number"):
                self.client.submit(self.project(), memory=memory)

    def test_a_script_left_out_of_the_bundle_is_refused(self):
        project = self.project(files={"main.py": "", ".berthignore": "main.py\n"})
        with self.assertRaisesRegex(berth.BundleError, "^main.py is the job's command, but .berthignore leaves it"):
            self.client.submit(project)
        with self.assertRaisesRegex(berth.BundleError, "there is no src/train.py in"):
            self.client.submit(self.project(), command=["src/train.py"])

    def test_a_python_script_left_out_of_the_bundle_is_refused(self):
        project = self.project(files={"main.py": "", "train.py": "", ".berthignore": "main.py\n"})
        for command in ("python3 main.py --x 1", "python -u main.py", "python3.11 main.py"):
            with self.assertRaisesRegex(berth.BundleError, "^main.py is the job's script, but .berthignore leaves"):
                self.client.submit(project, command=command)
        with self.assertRaisesRegex(berth.BundleError, "the job's command is python3 -u gone.py, but there is no "
                                                       "gone.py in"):
            self.client.submit(project, command="python3 -u gone.py")
        for command in ("python3 train.py", "python3 -m main", "python3 -c main.py", "python3", "pythonic main.py"):
            self.client.submit(project, command=command)
        self.assertEqual(5, len(self.fake.requests_to("POST", "/api/v1/jobs")))


class LargeBundleTest(ServerTest):
    def test_a_large_bundle_is_warned_about_as_the_cli_does(self):
        project = self.project(files={"main.py": "print('hi')\n", "data.bin": ""})
        with open(os.path.join(project, "data.bin"), "wb") as data:
            data.write(os.urandom(3000))
        err = io.StringIO()
        with redirect_stderr(err):
            self.client.submit(project)
        self.assertEqual("", err.getvalue())
        with mock.patch("berth._bundle.WARN_BYTES", 1000), mock.patch("berth._submit.WARN_BYTES", 1000), \
                redirect_stderr(err):
            self.client.submit(project)
        self.assertEqual("berth: warning: the bundle is over 1000 B; largest entries: data.bin (2.9 KiB), main.py "
                         "(12 B). List what the job does not need in .berthignore, or mount data with "
                         "worker.volumes.\n", err.getvalue())
        self.assertEqual("100.0 MiB", _submit._human(100 << 20))


class BundleLimitTest(ServerTest):
    def test_a_bundle_larger_than_the_server_takes_is_refused_before_a_byte_is_sent(self):
        project = self.project(files={"main.py": "print('hi')\n", "weights.bin": ""})
        with open(os.path.join(project, "weights.bin"), "wb") as weights:
            weights.write(os.urandom(3000))
        self.fake.max_bundle_bytes = 1024
        with self.assertRaises(berth.BundleError) as refused:
            self.client.submit(project)
        self.assertIn("takes at most 1.0 KiB (max_bundle_size in its server.yaml)", str(refused.exception))
        self.assertIn(self.fake.url, str(refused.exception))
        self.assertEqual([], [r for r in self.fake.requests if r.method == "PUT"])
        self.assertEqual([], self.fake.requests_to("POST", "/api/v1/jobs"))

        self.fake.max_bundle_bytes = 1 << 20
        self.client.submit(project)
        self.assertEqual(1, len([r for r in self.fake.requests if r.method == "PUT"]))


class UploadOnceTest(ServerTest):
    def test_an_unchanged_project_is_uploaded_once(self):
        project = self.project()
        self.client.submit(project)
        self.client.submit(project)
        self.assertEqual(1, len([r for r in self.fake.requests if r.method == "PUT"]))
        self.assertEqual(2, len(self.fake.requests_to("POST", "/api/v1/jobs")))

    def test_a_bundle_the_server_dropped_is_uploaded_again(self):
        self.fake.fail("HEAD", "/api/v1/bundles", 200, "ok")  # it says it has the bundle, then has not
        job = self.client.submit(self.project())
        self.assertIn(job.id, self.fake.jobs)
        self.assertEqual(1, len([r for r in self.fake.requests if r.method == "PUT"]))
        self.assertEqual(2, len(self.fake.requests_to("POST", "/api/v1/jobs")))


class IdempotencyTest(ServerTest):
    def test_a_lost_answer_is_sent_again_with_the_same_key_and_queues_once(self):
        self.fake.drop("POST", "/api/v1/jobs")
        job = self.client.submit(self.project())
        posts = self.fake.requests_to("POST", "/api/v1/jobs")
        self.assertEqual(2, len(posts))
        self.assertEqual(posts[0].json()["idempotencyKey"], posts[1].json()["idempotencyKey"])
        self.assertEqual([job.id], list(self.fake.jobs))

    def test_a_server_without_its_store_is_asked_again(self):
        self.fake.fail("POST", "/api/v1/jobs", 503, "store_unavailable", times=2)
        self.client.submit(self.project())
        self.assertEqual(3, len(self.fake.requests_to("POST", "/api/v1/jobs")))
        self.assertEqual(1, len(self.fake.jobs))

    def test_a_refusal_is_not_sent_again(self):
        self.fake.fail("POST", "/api/v1/jobs", 400, "bad_request")
        with self.assertRaises(berth.ApiError) as raised:
            self.client.submit(self.project())
        self.assertEqual(("bad_request", 400), (raised.exception.code, raised.exception.status))
        self.assertEqual(1, len(self.fake.requests_to("POST", "/api/v1/jobs")))


class LookupTest(ServerTest):
    def test_a_unique_prefix_finds_the_job_and_an_ambiguous_one_lists_candidates(self):
        first = self.fake.add_job()
        self.fake.add_job()
        self.assertEqual(first["id"], self.client.job(first["id"][:-2]).id)
        with self.assertRaises(berth.ApiError) as raised:
            self.client.job("01job")
        self.assertEqual("ambiguous_job_id", raised.exception.code)
        self.assertEqual(2, len(raised.exception.candidates))
        with self.assertRaisesRegex(berth.ApiError, "no job matches"):
            self.client.job("zzz")
        with self.assertRaisesRegex(berth.InvalidIdError, "no job id given"):
            self.client.job(" ")

    def test_nothing_listening_is_unreachable(self):
        client = berth.Client("http://127.0.0.1:1")
        with self.assertRaisesRegex(berth.ServerUnreachableError, "no Berth server answers at http://127.0.0.1:1"):
            client.jobs()



class ErrorsTest(ServerTest):
    def assert_alone(self, error_type, call):
        """``call()`` raises ``error_type`` with no other exception chained to its traceback."""
        with self.assertRaises(error_type) as raised:
            call()
        error = raised.exception
        self.assertTrue(error.__cause__ is None and (error.__context__ is None or error.__suppress_context__),
                        "".join(traceback.format_exception(type(error), error, error.__traceback__)))

    def test_errors_come_without_the_exceptions_they_stand_for(self):
        self.fake.add_job()
        self.fake.add_job()
        self.assert_alone(berth.ApiError, lambda: self.client.job("01job"))  # ambiguous: an HTTPError
        self.assert_alone(berth.ServerUnreachableError, lambda: berth.Client("http://127.0.0.1:1").jobs())
        self.fake.drop("GET", "/api/v1/jobs")
        self.assert_alone(berth.BerthError, lambda: self.client.jobs())
        self.assert_alone(ValueError, lambda: self.client.submit(self.project(), memory="lots"))
        self.fake.job_config_error = "job.config.yaml:1: unknown key 'x'"
        self.assert_alone(berth.ConfigError, lambda: self.client.submit(self.project()))
        with open(write(self.tmp, "config/submission/lab.config.yaml"), "wb") as config:
            config.write(b"scheduler_url: \xff\n")
        self.assert_alone(berth.ConfigError, lambda: berth.connect("lab", self.tmp))
        archive = write(self.tmp, "broken.tar.gz", "not gzip")
        self.assert_alone(berth.BerthError, lambda: extract(archive, os.path.join(self.tmp, "out")))


if __name__ == "__main__":
    unittest.main()
