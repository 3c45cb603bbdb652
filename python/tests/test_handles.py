"""Job and sweep handles against the fake server: waits, collect order, logs, downloads."""

import io
import os
import tarfile
import threading
import time
import unittest

from client_support import ServerTest, berth


def finish(job, state="completed", at="2026-11-22T04:00:00Z", **fields):
    job.update(state=state, finishedAt=at, **fields)


class JobHandleTest(ServerTest):
    def test_wait_returns_the_finished_job_or_names_it(self):
        job = self.fake.add_job(state="running")
        handle = self.client.job(job["id"])
        with self.assertRaises(berth.AwaitTimeoutError) as raised:
            handle.wait(timeout=0.2)
        self.assertEqual("job {} is still running after 200 ms".format(job["id"]), str(raised.exception))
        threading.Timer(0.2, finish, (job,)).start()
        self.assertEqual("completed", handle.wait(timeout=5)["state"])

    def test_params_metrics_details_and_stop(self):
        job = self.fake.add_job(state="running", params={"lr": 0.1}, metrics={"loss": 0.5})
        handle = self.client.job(job["id"])
        self.assertEqual(({"lr": 0.1}, {"loss": 0.5}, "running"), (handle.params(), handle.metrics(), handle.status()))
        self.assertEqual(job["id"], handle.details()["job"]["id"])
        self.assertEqual("stopped", handle.stop()["state"])
        with self.assertRaises(berth.ApiError) as raised:
            handle.stop()
        self.assertEqual((409, "conflict"), (raised.exception.status, raised.exception.code))

    def test_follow_logs_resumes_where_the_stream_broke_off(self):
        job = self.fake.add_job(state="running", attempt=2)
        self.fake.logs[job["id"]] = "épreuve 1\nline 2\nline 3\n"
        self.fake.log_cut[job["id"]] = 5  # the first stream ends in the middle of a character
        threading.Timer(0.3, finish, (job,)).start()
        out = io.StringIO()
        self.assertEqual("completed", self.client.job(job["id"]).follow_logs(out)["state"])
        self.assertEqual("épreuve 1\nline 2\nline 3\n", out.getvalue())
        streams = [r.query for r in self.fake.requests if r.path.endswith("/logs")]
        self.assertEqual(("0", "2"), (streams[0]["offset"], streams[0]["attempt"]))
        self.assertEqual("5", streams[1]["offset"])
        self.assertEqual("épreuve 1\nline 2\nline 3\n", self.client.job(job["id"]).logs())

    def test_download_unpacks_into_the_jobs_directory(self):
        job = self.fake.add_job(state="completed")
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w:gz") as tar:
            payload = b"{}"
            info = tarfile.TarInfo("metadata.json")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        self.fake.archives[job["id"]] = data.getvalue()
        target = self.client.job(job["id"]).download(os.path.join(self.tmp, "results"))
        self.assertEqual(os.path.join(self.tmp, "results", job["id"]), target)
        self.assertEqual(["metadata.json"], os.listdir(target))
        self.assertEqual([job["id"]], os.listdir(os.path.join(self.tmp, "results")))
        with self.assertRaisesRegex(berth.BerthError, "already exists"):
            self.client.job(job["id"]).download(os.path.join(self.tmp, "results"))
        unfinished = self.fake.add_job(state="running")
        with self.assertRaisesRegex(berth.ApiError, "has no archive yet"):
            self.client.job(unfinished["id"]).download(os.path.join(self.tmp, "results"))


class SweepHandleTest(ServerTest):
    def test_sweep_bundles_once_and_collects_in_finishing_order(self):
        sweep = self.client.sweep(self.project(), berth.Sweep.grid({"lr": [0.1, 0.2, 0.3]}), params={"epochs": 2})
        body = self.fake.requests_to("POST", "/api/v1/sweeps")[0].json()
        self.assertEqual([{"lr": 0.1}, {"lr": 0.2}, {"lr": 0.3}], body["paramSets"])
        self.assertEqual({"epochs": 2}, body["params"])
        first, second, third = [self.fake.jobs[h.id] for h in sweep.jobs()]
        self.assertEqual({"epochs": 2, "lr": 0.2}, second["params"])
        finish(third, at="2026-11-22T04:00:01Z")
        finish(first, state="failed", at="2026-11-22T04:00:01.5Z")
        self.assertEqual({"queued": 1, "running": 0, "completed": 1, "failed": 1, "stopped": 0}, sweep.progress())
        self.assertEqual([third["id"], first["id"]], [j["id"] for j in sweep.collect(5, timeout=0)])
        self.assertEqual([], sweep.collect(5, timeout=0))
        threading.Timer(0.2, finish, (second,)).start()
        started = time.monotonic()
        reads = len(self.fake.requests_to("GET", "/api/v1/sweeps/" + sweep.id))
        self.assertEqual([second["id"]], [j["id"] for j in sweep.collect(1, timeout=5)])
        self.assertLess(time.monotonic() - started, 4)
        self.assertEqual(reads + 1, len(self.fake.requests_to("GET", "/api/v1/sweeps/" + sweep.id)),
                         "waiting asks for counts; the jobs are read once, when one has finished")
        self.assertTrue(sweep.all_collected())
        self.assertEqual(3, len(sweep.wait_all(timeout=0)))

    def test_wait_all_names_the_unfinished_jobs(self):
        sweep = self.client.sweep(self.project(), berth.Sweep.of([{}, {}]))
        ids = [h.id for h in sweep.jobs()]
        with self.assertRaises(berth.AwaitTimeoutError) as raised:
            sweep.wait_all(timeout=0.1)
        self.assertEqual("sweep {}: 2 of 2 jobs have not finished after 100 ms ({}, {})".format(sweep.id, *ids),
                         str(raised.exception))
        self.assertEqual(ids, raised.exception.unfinished)
        self.assertEqual(ids, sweep.stop()["done"])
        self.assertEqual(sweep.id, self.client.sweep_handle(sweep.id[:-1]).id)

    def test_a_lost_sweep_answer_queues_it_once(self):
        self.fake.drop("POST", "/api/v1/sweeps")
        self.client.sweep(self.project(), berth.Sweep.of([{"a": 1}]))
        self.assertEqual(2, len(self.fake.requests_to("POST", "/api/v1/sweeps")))
        self.assertEqual(1, len(self.fake.sweeps))


if __name__ == "__main__":
    unittest.main()
