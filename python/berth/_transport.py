"""HTTP under the client: requests under ``/api/v1`` with the token, over urllib, failures as BerthErrors.

TLS modules are imported only for an ``https`` server, so that plain use needs no ``ssl``.
"""

import http.client
import json
import os
import socket
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

from ._errors import (ApiError, BerthError, ConfigError, InvalidIdError, ServerCertificateError,
                      ServerUnreachableError, UnauthorizedError)

CONNECT_TIMEOUT = 3.0
#: For calls that answer at once; uploads, downloads and log streams have no limit.
CALL_TIMEOUT = 60.0
_TLS_ALERT = "\x15\x03"  # how a TLS alert record starts: what a TLS server answers to plain HTTP


class _Unreachable(OSError):
    """Connecting failed: nothing answers at the address (refused, unknown host, no answer in time)."""


def _connecting(connection_class):
    """``connection_class`` that waits CONNECT_TIMEOUT for a connection, then the call's own timeout."""

    class Connection(connection_class):
        def connect(self):
            timeout = self.timeout
            self.timeout = CONNECT_TIMEOUT if timeout is None else min(timeout, CONNECT_TIMEOUT)
            try:
                super(Connection, self).connect()
            except OSError as error:
                if _ssl_error(error) is not None:
                    raise
                raise _Unreachable(error)
            finally:
                self.timeout = timeout
            self.sock.settimeout(timeout)

    return Connection


class _HttpHandler(urllib.request.HTTPHandler):
    def http_open(self, request):
        return self.do_open(_connecting(http.client.HTTPConnection), request)


class _HttpsHandler(urllib.request.HTTPSHandler):
    def __init__(self, context):
        super(_HttpsHandler, self).__init__(context=context)
        self._tls = context

    def https_open(self, request):
        return self.do_open(_connecting(http.client.HTTPSConnection), request, context=self._tls)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The API never redirects; a redirect is an answer to report, not to follow with the token."""

    def redirect_request(self, *args, **kwargs):
        return None


class Transport(object):
    """Sends requests to one server and turns its answers into Python values or exceptions."""

    def __init__(self, url, token=None, ca_cert=None, env=None):
        self.url = url
        self.env = env
        self._api = url.rstrip("/") + "/api/v1"
        self._token = token
        handlers = [urllib.request.ProxyHandler({}), _NoRedirects(), _HttpHandler()]
        if url.lower().startswith("https:"):
            handlers.append(_HttpsHandler(_tls_context(ca_cert)))
        self._opener = urllib.request.build_opener(*handlers)

    def call(self, method, path, body=None, query=None, timeout=CALL_TIMEOUT, headers=None):
        """Sends the request and returns the JSON answer (None for an empty one)."""
        data = self.exchange(method, path, body, query, timeout, headers=headers)
        if not data:
            return None
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError as error:
            raise BerthError("the server at {} sent an answer to {} {} that this client cannot read: {}".format(
                self.url, method, self._api_path(path), error)) from None

    def exchange(self, method, path, body=None, query=None, timeout=CALL_TIMEOUT, data=None, headers=None):
        """Sends the request; returns the answer's bytes if it is a success, raises otherwise."""
        with self.open(method, path, body, query, timeout, data, headers) as response:
            try:
                return response.read()
            except (OSError, http.client.HTTPException) as error:
                raise self._failed(method, path, error) from None

    def status_of(self, method, path, timeout=CALL_TIMEOUT):
        """The status of an answer that may be 404 (HEAD): 200 or 404; anything else raises."""
        try:
            with self.open(method, path, timeout=timeout):
                return 200
        except ApiError as error:
            if error.status == 404:
                return 404
            raise

    def open(self, method, path, body=None, query=None, timeout=CALL_TIMEOUT, data=None, headers=None):
        """Sends the request; returns the open response of a success (a file-like object)."""
        request = urllib.request.Request(self._api + path + ("?" + urlencode(query) if query else ""),
                                         method=method, data=data)
        request.add_header("Accept", "application/json")
        if self._token is not None:
            request.add_header("Authorization", "Bearer " + self._token)
        if body is not None:
            request.data = json.dumps(body, allow_nan=False).encode("utf-8")
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            return self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as answer:
            with answer:
                raise self._refusal(method, path, answer.code, _read_quietly(answer)) from None
        except urllib.error.URLError as error:
            raise self._failed(method, path, error.reason) from None
        except (OSError, http.client.HTTPException) as error:
            raise self._failed(method, path, error) from None

    def _refusal(self, method, path, status, body):
        """The server's ApiError, or one describing an answer that is not the API's."""
        error = None
        try:
            error = json.loads(body.decode("utf-8"))
        except ValueError:
            pass
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            text = body.decode("utf-8", "replace").strip()
            first = text.splitlines()[0] if text else ""
            first = first[:200] + "..." if len(first) > 200 else first
            error = {"code": "http_{}".format(status), "message": "the server at {} answered {} to {} {}{}".format(
                self.url, status, method, self._api_path(path), ": " + first if first else "")}
        if status == 401:
            return UnauthorizedError(status, error.get("code"), error["message"], error.get("candidates"),
                                     url=self.url, token_sent=self._token is not None, env=self.env)
        return ApiError(status, error.get("code"), error["message"], error.get("candidates"))

    def _failed(self, method, path, error):
        """What a request that got no answer raises: unreachable, a TLS problem, or a broken exchange."""
        ssl_error = _ssl_error(error)
        if ssl_error is not None:
            message = "cannot make a verified TLS connection to {}: {} (a server whose certificate comes from a " \
                      "private CA needs that CA as ca_cert in the submission config; the URL's host must be one " \
                      "the certificate names)".format(self.url, ssl_error)
            return self._certificate_error(message)
        if isinstance(error, (_Unreachable, ConnectionRefusedError, socket.gaierror)):
            return ServerUnreachableError(self.url)
        if self.url.lower().startswith("http:") and _TLS_ALERT in str(error):
            return self._certificate_error(
                "the server at {} answered with TLS: its URL starts with https://".format(self.url))
        return BerthError("{} {} to {} failed: {!r}".format(method, self._api_path(path), self.url, error))

    def _certificate_error(self, message):
        return ServerCertificateError(self.url, message if self.env is None else
                                      "env '{}': {}".format(self.env, message))

    def _api_path(self, path):
        return "/api/v1" + path


def segment(ref, what="job"):
    """A job or sweep reference as one percent-encoded path segment, so no reference reaches another route."""
    if ref is None or not str(ref).strip() or ref in (".", ".."):
        raise InvalidIdError(what, ref)
    return quote(str(ref), safe="-._~")


def _read_quietly(answer):
    try:
        return answer.read()
    except (OSError, http.client.HTTPException):
        return b""


def _ssl_error(error):
    ssl = _loaded_ssl()
    if ssl is None:
        return None
    if isinstance(error, (ssl.SSLError, ssl.CertificateError)):
        return getattr(error, "verify_message", None) or getattr(error, "reason", None) or str(error)
    return None


def _loaded_ssl():
    import sys
    return sys.modules.get("ssl")


def _tls_context(ca_cert):
    """Host names verified; with a ``ca_cert`` file, its CAs instead of the system's."""
    import ssl
    if ca_cert is None:
        return ssl.create_default_context()
    try:
        with open(ca_cert, "r", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as error:
        raise ConfigError("cannot be read: {}".format(error.strerror or error), os.fspath(ca_cert)) from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ConfigError("holds no PEM certificate (-----BEGIN CERTIFICATE-----)", os.fspath(ca_cert))
    try:
        return ssl.create_default_context(cafile=ca_cert)
    except ssl.SSLError as error:
        raise ConfigError("cannot be used as trusted certificates: {}".format(error), os.fspath(ca_cert)) from None
