"""An in-process fake of Berth's REST API (docs/api.md) on 127.0.0.1, for the client's unit tests.

It keeps jobs, sweeps and bundles in memory and records every request. Tests change jobs directly
(``fake.jobs[id]["state"] = "completed"``) and script faults: ``drop`` answers nothing (the connection
closes after the request was handled), ``fail`` answers an error once.
"""

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


class Recorded(object):
    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class FakeBerth(object):
    def __init__(self, token=None):
        self.token = token
        self.requests = []
        self.bundles = {}
        self.jobs = {}
        self.sweeps = {}
        self.keys = {}
        self.logs = {}  # job id -> text of its latest attempt
        self.log_cut = {}  # job id -> bytes the next followed stream sends before it closes early
        self.archives = {}
        self.job_config = {"project": "demo", "command": ["main.py"], "params": {},
                           "spec": {"environment": {}, "volumes": [], "requests": {}}}
        self.job_config_error = None
        self.max_bundle_bytes = None
        self._faults = []
        self._next = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = "http://127.0.0.1:{}".format(self._server.server_address[1])

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    def drop(self, method, path_start, times=1):
        """The next ``times`` matching requests are handled, but their answers are lost."""
        self._faults.append([method, path_start, times, None])

    def fail(self, method, path_start, status, code, times=1):
        """The next ``times`` matching requests get this error, and nothing else happens."""
        self._faults.append([method, path_start, times, (status, code)])

    def add_job(self, state="queued", project="demo", sweep_id=None, params=None, **fields):
        with self._lock:
            self._next += 1
            job_id = "01job{:04d}aaaa".format(self._next)
        job = {"id": job_id, "project": project, "state": state, "command": ["main.py"],
               "params": params or {}, "attempt": 0 if state == "queued" else 1,
               "createdAt": "2026-11-22T03:00:{:02d}Z".format(self._next % 60), "metrics": {}, "tags": {}}
        if sweep_id:
            job["sweepId"] = sweep_id
        job.update(fields)
        self.jobs[job_id] = job
        return job

    def requests_to(self, method, path):
        return [r for r in self.requests if r.method == method and r.path == path]

    # -- what the handler calls --------------------------------------------------------------

    def fault(self, method, path):
        for fault in self._faults:
            if fault[0] == method and path.startswith(fault[1]) and fault[2] > 0:
                fault[2] -= 1
                return fault[3] or "drop"
        return None

    def find(self, ref, table="jobs"):
        items = self.jobs if table == "jobs" else self.sweeps
        if ref in items:
            return items[ref], None
        matches = sorted(i for i in items if i.startswith(ref))
        if len(matches) == 1:
            return items[matches[0]], None
        if not matches:
            return None, (404, {"code": "job_not_found", "message": "no job matches '{}'".format(ref)})
        return None, (409, {"code": "ambiguous_job_id", "message": "'{}' matches {} jobs".format(ref, len(matches)),
                            "candidates": matches[:5]})


def _handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):
            pass

        def do_GET(self):
            self._serve("GET")

        def do_HEAD(self):
            self._serve("HEAD")

        def do_PUT(self):
            self._serve("PUT")

        def do_POST(self):
            self._serve("POST")

        def _serve(self, method):
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Recorded(method, path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                               dict(self.headers), body)
            fake.requests.append(request)
            if fake.token is not None and self.headers.get("Authorization") != "Bearer " + fake.token:
                return self._json(401, {"code": "unauthorized", "message": "this server needs a token"})
            fault = fake.fault(method, path)
            if isinstance(fault, tuple):
                return self._json(fault[0], {"code": fault[1], "message": "not now ({})".format(fault[1])})
            status, answer = _route(fake, method, path[len("/api/v1"):], request, self)
            if fault == "drop" or status is None:
                self.close_connection = True
                return
            self._json(status, answer)

        def _json(self, status, answer):
            data = b"" if answer is None else json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def raw(self, content_type, data):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

    return Handler


def _route(fake, method, path, request, handler):
    """(status, JSON answer), or (None, None) when the handler has answered itself."""
    segments = path.strip("/").split("/")
    if path == "/status":
        return 200, {"version": "fake"} if fake.max_bundle_bytes is None else {"version": "fake",
                                                                              "maxBundleBytes": fake.max_bundle_bytes}
    if path == "/job-config" and method == "POST":
        if fake.job_config_error:
            return 400, {"code": "bad_request", "message": fake.job_config_error}
        return 200, json.loads(json.dumps(fake.job_config))
    if segments[0] == "bundles":
        digest = segments[1]
        if method == "HEAD":
            return (200 if digest in fake.bundles else 404), None
        if hashlib.sha256(request.body).hexdigest() != digest:
            return 400, {"code": "bad_bundle", "message": "the bytes do not hash to " + digest}
        fake.bundles[digest] = request.body
        return 201, None
    if path == "/jobs" and method == "POST":
        return _submit(fake, request.json())
    if path == "/jobs":
        jobs = [j for j in fake.jobs.values() if all(
            request.query.get(name) in (None, j.get(field)) for name, field in
            (("project", "project"), ("sweep", "sweepId"), ("state", "state")))]
        return 200, jobs
    if path == "/sweeps" and method == "POST":
        return _submit_sweep(fake, request.json())
    if segments[0] == "sweeps":
        sweep, error = fake.find(segments[1], "sweeps")
        if error:
            return error
        jobs = [fake.jobs[i] for i in sweep["jobIds"]]
        if len(segments) == 3 and segments[2] == "stop":
            done = []
            for job in jobs:
                if job["state"] not in ("completed", "failed", "stopped"):
                    job["state"] = "stopped"
                    done.append(job["id"])
            return 200, {"done": done, "skipped": []}
        if len(segments) == 3 and segments[2] == "progress":
            counts = dict.fromkeys(("queued", "running", "completed", "failed", "stopped"), 0)
            for job in jobs:
                counts[job["state"] if job["state"] in counts else "running"] += 1
            return 200, dict(counts, id=sweep["id"])
        return 200, {"id": sweep["id"], "jobs": jobs}
    if segments[0] == "jobs":
        job, error = fake.find(segments[1])
        if error:
            return error
        action = segments[2] if len(segments) > 2 else None
        if action is None:
            return 200, job
        if action == "details":
            return 200, {"job": job, "loggedParams": job.get("_logged", {}), "metrics": {}, "tags": job["tags"],
                         "artifacts": []}
        if action == "stop":
            if job["state"] in ("completed", "failed", "stopped"):
                return 409, {"code": "conflict", "message": "job {} has already finished".format(job["id"])}
            job["state"] = "stopped"
            return 202, job
        if action == "logs":
            return _logs(fake, job, request, handler)
        if action == "archive":
            if job["id"] not in fake.archives:
                return 404, {"code": "no_archive", "message": "job {} has no archive yet".format(job["id"])}
            handler.raw("application/gzip", fake.archives[job["id"]])
            return None, None
    return 404, {"code": "not_found", "message": "no route " + path}


def _submit(fake, body):
    if body["bundleDigest"] not in fake.bundles:
        return 400, {"code": "bad_bundle", "message": "bundle {} was never uploaded".format(body["bundleDigest"])}
    key = body.get("idempotencyKey")
    if key in fake.keys:
        return 201, fake.jobs[fake.keys[key]]
    job = fake.add_job(project=body["project"], params=body["params"], command=body["command"], spec=body["spec"])
    fake.keys[key] = job["id"]
    return 201, job


def _submit_sweep(fake, body):
    if body["bundleDigest"] not in fake.bundles:
        return 400, {"code": "bad_bundle", "message": "bundle {} was never uploaded".format(body["bundleDigest"])}
    key = body.get("idempotencyKey")
    if key in fake.keys:
        sweep = fake.sweeps[fake.keys[key]]
    else:
        sweep_id = "01sweep{:04d}".format(len(fake.sweeps) + 1)
        sweep = {"id": sweep_id, "jobIds": []}
        for param_set in body["paramSets"]:
            params = dict(body["params"])
            params.update(param_set)
            sweep["jobIds"].append(fake.add_job(project=body["project"], sweep_id=sweep_id, params=params)["id"])
        fake.sweeps[sweep_id] = sweep
        fake.keys[key] = sweep_id
    return 201, {"id": sweep["id"], "jobs": [fake.jobs[i] for i in sweep["jobIds"]]}


def _logs(fake, job, request, handler):
    data = fake.logs.get(job["id"], "").encode("utf-8")
    offset = int(request.query.get("offset", 0))
    end = len(data)
    if request.query.get("follow") == "true" and job["id"] in fake.log_cut:
        end = min(end, offset + fake.log_cut.pop(job["id"]))  # the stream breaks off early
    handler.raw("text/plain", data[offset:end])
    if request.query.get("follow") == "true":
        time.sleep(0.01)
    return None, None
