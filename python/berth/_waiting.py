"""Waiting on the server: polls that start short and grow, and riding out a server restart.

Jobs go on while their server restarts; whatever waits for them should too, for up to ``TOLERATED``
seconds without an answer (as the Java SDK's ServerOutages).
"""

import time

from ._errors import ServerUnreachableError

TOLERATED = 120.0
_FIRST_PAUSE, _MAX_PAUSE = 0.1, 0.5
_MAX_OUTAGE_PAUSE = 2.0


class Polling(object):
    """A deadline (None: none) and pauses of 100, 200, 400, 500, 500... ms, never past it."""

    def __init__(self, timeout):
        if timeout is not None and timeout < 0:
            raise ValueError("a timeout must be zero or more, got {}".format(timeout))
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._pause = _FIRST_PAUSE

    def left(self):
        """Seconds before the deadline (0 once past it; None without one)."""
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def expired(self):
        return self._deadline is not None and time.monotonic() >= self._deadline

    def pause(self):
        left = self.left()
        sleep = self._pause if left is None else min(left, self._pause)
        self._pause = min(_MAX_PAUSE, self._pause * 2)
        if sleep > 0:
            time.sleep(sleep)


def wait_out(ask, at_most=None):
    """``ask()``, asked again while the server does not answer, for up to ``TOLERATED`` (or ``at_most``) s."""
    tolerated = TOLERATED if at_most is None else max(0.0, min(at_most, TOLERATED))
    since = None
    pause = 0.1
    while True:
        try:
            return ask()
        except ServerUnreachableError:
            now = time.monotonic()
            if since is None:
                since = now
            if now - since >= tolerated:
                raise
            time.sleep(max(0.001, min(pause, tolerated - (now - since))))
            pause = min(_MAX_OUTAGE_PAUSE, pause * 2)
