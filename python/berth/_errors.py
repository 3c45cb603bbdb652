"""The client's exceptions: one hierarchy under ``BerthError``, with the messages the ``berth`` CLI prints."""


class BerthError(Exception):
    """Anything the client cannot do, with a message meant for the person at the keyboard."""


class ConfigError(BerthError):
    """A submission config (or a value given in its place) Berth cannot use, naming file, line and key."""

    def __init__(self, detail, file=None, line=None, key=None):
        where = ""
        if file is not None:
            where = str(file) + ("" if line is None else ":{}".format(line)) + ": "
        super(ConfigError, self).__init__(where + ("" if key is None else key + ": ") + detail)
        self.file, self.line, self.key, self.detail = file, line, key, detail


class BundleError(BerthError):
    """The project cannot be bundled: a missing directory, an unreadable file, links out of the project."""


class InvalidIdError(BerthError):
    """What was given as a job or sweep id cannot be one; nothing was sent."""

    def __init__(self, what, ref):
        if ref is None or not str(ref).strip():
            message = "no {0} id given (it is empty); give the {0}'s id or a unique start of it".format(what)
        else:
            message = "'{}' is not a {} id or the start of one".format(ref, what)
        super(InvalidIdError, self).__init__(message)


class ApiError(BerthError):
    """The server answered with an error; ``code`` is stable for scripts (job_not_found, conflict, ...)."""

    def __init__(self, status, code, message, candidates=None):
        super(ApiError, self).__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.candidates = list(candidates or [])


class UnauthorizedError(ApiError):
    """The server answered 401: it wants a token and got none, or one it does not accept."""

    def __init__(self, status, code, message, candidates=None, url=None, token_sent=False, env=None):
        if env is not None:
            message = "env '{}' ({}): {}; log in with: berth login {}".format(
                env, url, "the server does not accept its token (wrong, revoked or expired)" if token_sent
                else "the server asks for a token and the env has none", env)
        super(UnauthorizedError, self).__init__(status, code, message, candidates)
        self.url, self.token_sent, self.env = url, token_sent, env


class ServerUnreachableError(BerthError):
    """Nothing answered at the server's address: refused, timed out while connecting, or unknown host."""

    def __init__(self, url):
        super(ServerUnreachableError, self).__init__(
            "no Berth server answers at {}; start one with 'berth server start'".format(url))
        self.url = url


class ServerCertificateError(BerthError):
    """TLS does not work out: an untrusted certificate, another host's, or TLS on one side only."""

    def __init__(self, url, message):
        super(ServerCertificateError, self).__init__(message)
        self.url = url


class AwaitTimeoutError(BerthError):
    """A job (or a sweep's jobs) had not finished when the wait ran out; they go on."""

    def __init__(self, message, unfinished):
        super(AwaitTimeoutError, self).__init__(message)
        self.unfinished = list(unfinished)


class JobFailedError(BerthError):
    """A job the caller needed to complete ended failed or stopped."""

    def __init__(self, job):
        reason = job.get("reason")
        super(JobFailedError, self).__init__("job {} ended {}{}".format(
            job.get("id"), job.get("state"), "" if not reason else ": " + reason))
        self.job = job
