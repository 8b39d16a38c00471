"""Folio HTTP transport (SPEC.md §5.1, §12): frame requests and responses,
error responses, retries for transient failures, and a record of every place
where a response does not follow the HTTP rules of the spec.

Written from Protocol/SPEC.md and Protocol/folio.proto only (no Swift code was
read). Python standard library (http.client) + `protobuf`.
"""
from __future__ import annotations

import http.client
import random
import time
import urllib.parse
from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from folio_wire import (DEFAULT_LIMITS, FRAME_CONTENT_TYPE, TYPE_NUMBERS, WireError, decode_frame,
                        encode_frame)

PROTOCOL_VERSION = "2"
# SPEC.md §12.4: codes of the transient class (retry the same step after back-off).
TRANSIENT_CODES = {101, 102, 104, 106, 107, 108, 109, 201, 202, 203, 204, 205, 207, 208,
                   505, 506, 507, 508, 510}
# SPEC.md §12.1: the HTTP status of each code a server sends.
CODE_STATUS = {101: 400, 102: 400, 103: 400, 104: 400, 105: 413, 106: 400, 107: 400, 108: 400, 109: 400,
               201: 400, 202: 400, 203: 413, 204: 413, 205: 400, 206: 400, 207: 400, 208: 500,
               401: 400, 402: 409, 403: 410, 501: 426, 502: 400, 503: 404, 504: 413, 505: 429, 506: 503,
               507: 500, 508: 410, 509: 415, 510: 416}
KNOWN_CODES = set(CODE_STATUS)


class FolioError(Exception):
    """A failed request: the §12.1 code, the HTTP status (0 for network or local
    errors) and the server's ErrorResponse fields when there was one."""

    def __init__(self, code: int, status: int, message: str, retry_after: int = 0) -> None:
        super().__init__("E%d (HTTP %d): %s" % (code, status, message))
        self.code = code
        self.status = status
        self.message = message
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """SPEC.md §12.4 class `transient`."""
        return self.status == 0 or self.code in TRANSIENT_CODES or self.status >= 500 or self.status in (408, 429)


@dataclass
class Audit:
    """What the client saw on the wire: deviations from SPEC.md (each one a
    disagreement to report), requests made and frames decoded with a dictionary."""
    violations: List[str] = field(default_factory=list)
    shoulds: List[str] = field(default_factory=list)     # SHOULD-level recommendations not followed
    requests: List[Tuple[str, str, int]] = field(default_factory=list)
    dictionary_frames: int = 0
    compressed_frames: int = 0
    frames: int = 0

    def violation(self, text: str) -> None:
        if text not in self.violations:
            self.violations.append(text)

    def should(self, text: str) -> None:
        if text not in self.shoulds:
            self.shoulds.append(text)


@dataclass
class Response:
    status: int
    headers: Dict[str, str]
    body: bytes


class Transport:
    """Sends Folio requests to one server (SPEC.md §5.1)."""

    def __init__(self, base_url: str, pb2: ModuleType, dictionaries: Dict[int, bytes],
                 timeout: float = 30.0, attempts: int = 4) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.scheme = parsed.scheme
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self.pb2 = pb2
        self.dictionaries = dictionaries
        self.timeout = timeout
        self.attempts = attempts
        self.max_retry_wait = 5.0  # seconds this one-shot client waits before it gives up instead
        self.limits = dict(DEFAULT_LIMITS)
        self.audit = Audit()
        self.on_message: Optional[Callable[[str, object], None]] = None

    # ------------------------------------------------------------- connections

    def connect(self, timeout: Optional[float] = None) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=timeout or self.timeout)

    def headers(self, extra: Optional[Mapping[str, str]] = None, body: bool = False) -> Dict[str, str]:
        headers = {"Folio-Protocol": PROTOCOL_VERSION, "Accept": FRAME_CONTENT_TYPE}
        if body:
            headers["Content-Type"] = FRAME_CONTENT_TYPE
        headers.update(extra or {})
        return headers

    def check_response_headers(self, method: str, path: str, status: int, headers: Mapping[str, str]) -> None:
        """SPEC.md §5.1: every response carries Folio-Protocol; frames are not
        Content-Encoded; every non-2xx response carries Folio-Error."""
        version = "1" if path.startswith("/v1/") else PROTOCOL_VERSION
        if headers.get("folio-protocol") != version:
            self.audit.violation("%s %s -> %d: Folio-Protocol header is %r, SPEC §5.1 wants %r on every response"
                                 % (method, _kind(path), status, headers.get("folio-protocol"), version))
        if headers.get("content-encoding"):
            self.audit.violation("%s %s: Content-Encoding %r on a response (SPEC §5.1 SHOULD NOT)"
                                 % (method, _kind(path), headers["content-encoding"]))
        if status >= 300 and not headers.get("folio-error"):
            self.audit.violation("%s %s -> %d without Folio-Error (SPEC §5.1)" % (method, _kind(path), status))

    def raw(self, method: str, path: str, body: Optional[bytes] = None,
            headers: Optional[Mapping[str, str]] = None, timeout: Optional[float] = None) -> Response:
        """One HTTP exchange, the whole body read. Network failures raise
        FolioError with status 0 (transient, SPEC.md §12.4)."""
        conn = self.connect(timeout)
        try:
            conn.request(method, path, body=body, headers=self.headers(headers, body is not None))
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise FolioError(0, 0, "network error on %s %s: %s" % (method, path, error))
        finally:
            conn.close()
        result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        self.audit.requests.append((method, path, response.status))
        self.check_response_headers(method, path, response.status, result.headers)
        return result

    # ------------------------------------------------------------- frames

    def decode(self, body: bytes, type_name: str, where: str):
        """Decodes a response frame of the expected type (SPEC.md §5.2, §9)."""
        ftype, compressed, dictionary_id, _, message = decode_frame(
            body, self.pb2, self.dictionaries, self.limits, expected_type=TYPE_NUMBERS[type_name])
        self.audit.frames += 1
        if not compressed and len(body) - 20 > 256:
            self.audit.should("%s: a %d-byte %s payload sent uncompressed (SPEC §9.1: servers SHOULD compress "
                              "payloads larger than 256 bytes)" % (where, len(body) - 20, type_name))
        self.audit.compressed_frames += int(compressed)
        self.audit.dictionary_frames += int(bool(dictionary_id))
        if self.on_message is not None:
            self.on_message(where, message)
        return message

    def error_from(self, method: str, path: str, response: Response) -> FolioError:
        """A FolioError from a non-2xx response (SPEC.md §12.1, §12.2, §5.3)."""
        header_code = int(response.headers.get("folio-error", "0") or 0)
        code, message, retry = header_code, "", int(response.headers.get("retry-after", "0") or 0)
        version = 1 if response.status == 426 else 2
        try:
            _, _, _, _, error = decode_frame(response.body, self.pb2, self.dictionaries, self.limits,
                                             version=version, expected_type=12)
            code, message = error.code, error.message
            retry = error.retry_after_seconds or retry
            if header_code and header_code != error.code:
                self.audit.violation("%s %s -> %d: Folio-Error %d differs from ErrorResponse.code %d (SPEC §12.2)"
                                     % (method, _kind(path), response.status, header_code, error.code))
        except WireError as failure:
            self.audit.violation("%s %s -> %d: body is not an ErrorResponse frame (%s; SPEC §5.1)"
                                 % (method, _kind(path), response.status, failure))
        if code in CODE_STATUS and CODE_STATUS[code] != response.status:
            self.audit.violation("%s %s: E%d came with HTTP %d, SPEC §12.1 gives %d (§12.2: they MUST agree)"
                                 % (method, _kind(path), code, response.status, CODE_STATUS[code]))
        if code not in KNOWN_CODES:  # SPEC.md §12.1: unknown codes by HTTP status class
            code = 507 if response.status >= 500 else 502
        return FolioError(code, response.status, message or response.body[:200].decode("utf-8", "replace"), retry)

    def call(self, path: str, request, response_type: str, wait_seconds: int = 0):
        """POSTs one request frame and returns the decoded response message,
        retrying transient failures with back-off (SPEC.md §12.3, §12.4)."""
        name = type(request).DESCRIPTOR.name
        body = encode_frame(TYPE_NUMBERS[name], request.SerializeToString())
        timeout = max(self.timeout, wait_seconds + 15)  # SPEC.md §6.3: at least w + 15 s
        return self._retrying(lambda: self._post_once(path, body, response_type, timeout))

    def get_frame(self, path: str, response_type: str):
        """GETs one frame (`/v2/info`, `/v2/snapshots/latest`); returns (message, headers)."""
        def once():
            response = self.raw("GET", path)
            if response.status != 200:
                raise self.error_from("GET", path, response)
            self._check_frame_type(path, response)
            return self._decode_or_fail(response.body, response_type, path), response.headers
        return self._retrying(once)

    def _post_once(self, path: str, body: bytes, response_type: str, timeout: float):
        response = self.raw("POST", path, body, timeout=timeout)
        if response.status != 200:
            raise self.error_from("POST", path, response)
        self._check_frame_type(path, response)
        return self._decode_or_fail(response.body, response_type, path)

    def _decode_or_fail(self, body: bytes, response_type: str, path: str):
        try:
            return self.decode(body, response_type, _kind(path))
        except WireError as error:
            raise FolioError(error.code, 200, "response of %s: %s" % (path, error))

    def _check_frame_type(self, path: str, response: Response) -> None:
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type != FRAME_CONTENT_TYPE:
            self.audit.violation("%s: Content-Type %r, SPEC §5.1 wants %r" % (_kind(path), content_type,
                                                                            FRAME_CONTENT_TYPE))

    def _retrying(self, once: Callable):
        delay = 1.0
        for attempt in range(self.attempts):
            try:
                return once()
            except FolioError as error:
                if not error.transient or attempt == self.attempts - 1 or error.retry_after > self.max_retry_wait:
                    raise  # a one-shot sync gives up and says why (SPEC.md §12.4)
                wait = error.retry_after if error.retry_after else random.uniform(0, delay)
                time.sleep(wait)
                delay = min(delay * 2, 900.0)
        raise AssertionError("unreachable")


def _kind(path: str) -> str:
    """A path without ids or hashes, for messages."""
    if path.startswith("/v2/snapshots/parts/"):
        return "/v2/snapshots/parts/…"
    if path.startswith("/v2/dictionaries/"):
        return "/v2/dictionaries/{id}"
    return path
