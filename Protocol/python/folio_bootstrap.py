"""Negotiation (SPEC.md §5.3), preset dictionaries (§9.2) and bootstrap from the
snapshot manifest (§11): only the parts of the languages the client carries,
applied frame by frame with the applied bytes recorded in the same
transaction, resumed with `Range` / `If-Range`.

Written from Protocol/SPEC.md and Protocol/folio.proto only (no Swift code was
read). Python standard library + `protobuf`.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, List, Optional

from folio_checksum import Sum, valid_bucket_width
from folio_store import Subscription
from folio_sync import catch_up_detached
from folio_transport import FolioError, Response
from folio_wire import TYPE_NUMBERS, WireError, parse_header

if TYPE_CHECKING:
    from folio_client import FolioClient

SNAPSHOT_CONTENT_TYPE = "application/vnd.folio.snapshot"
READ_SIZE = 4096


@dataclass
class PartResult:
    path: str
    language: str
    status: int = 0             # HTTP status of the last request (200 or 206)
    range_start: int = 0        # the Range start sent, 0 when none
    frames: int = 0
    articles: int = 0
    complete: bool = False
    interrupted: bool = False
    sha256_checked: bool = False


@dataclass
class BootstrapResult:
    manifest: object = None
    parts: List[PartResult] = field(default_factory=list)
    skipped_languages: List[str] = field(default_factory=list)
    cursor_stored: bool = False
    detached_pages: list = field(default_factory=list)  # §6.4 catch-up of added languages
    manifest_checkpoint_match: Optional[bool] = None
    interrupted: bool = False


def negotiate(client: "FolioClient"):
    """GET /v2/info, check it (SPEC.md §5.3, §7.3) and fetch missing dictionaries (§9.2)."""
    info, _ = client.transport.get_frame("/v2/info", "ServerInfo")
    if 2 not in info.protocol_versions:
        raise FolioError(103, 200, "server does not list protocol version 2: %s" % list(info.protocol_versions))
    if not valid_bucket_width(info.bucket_width):
        raise FolioError(602, 200, "bucket width %d is not a power of two in 1…2^24" % info.bucket_width)
    held = client.store.dictionaries()
    for entry in info.dictionaries:
        if entry.id not in held:
            fetch_dictionary(client, entry.id, entry.language, entry.version, entry.size)
    client.info = info
    return info


def fetch_dictionary(client: "FolioClient", dictionary_id: int, language: str = "", version: int = 0,
                     size: int = 0) -> bytes:
    """GET /v2/dictionaries/{id}; the Adler-32 of the bytes MUST equal the id (SPEC.md §9.2, E207)."""
    path = "/v2/dictionaries/%d" % dictionary_id
    response = client.transport.raw("GET", path)
    if response.status != 200:
        raise client.transport.error_from("GET", path, response)
    data = response.body
    if zlib.adler32(data) != dictionary_id:
        raise FolioError(207, 200, "dictionary %d: Adler-32 of the bytes is %d" % (dictionary_id, zlib.adler32(data)))
    if size and len(data) != size:
        client.transport.audit.violation("dictionary %d: %d bytes, ServerInfo says %d" % (dictionary_id, len(data), size))
    if len(data) > 32 << 10:
        client.transport.audit.violation("dictionary %d is %d bytes, above 32 KiB (SPEC §9.2)" % (dictionary_id, len(data)))
    content_type = response.headers.get("content-type", "").split(";")[0]
    if content_type != "application/octet-stream":
        client.transport.audit.violation("dictionary Content-Type %r, SPEC §9.2 says application/octet-stream"
                                         % content_type)
    if response.headers.get("cache-control") != "public, max-age=31536000, immutable":
        client.transport.audit.should("dictionary Cache-Control %r (SPEC §9.2)" % response.headers.get("cache-control"))
    if response.headers.get("etag") != '"%d"' % dictionary_id:
        client.transport.audit.violation("dictionary ETag %r, SPEC §9.2 says \"%d\""
                                         % (response.headers.get("etag"), dictionary_id))
    with client.store.transaction():
        client.store.put_dictionary(dictionary_id, language, version, data)
    client.transport.dictionaries[dictionary_id] = data
    return data


def bootstrap(client: "FolioClient", stop_after_bytes: Optional[int] = None, attempts: int = 3) -> BootstrapResult:
    """SPEC.md §11 steps 1-6, tried again from the manifest when a part is gone
    (410, E508: fetch the manifest again and go on with what is applied), when a
    Range lies beyond a part's end (416, E510: read it from its start) or after a
    transient failure (§12.4); what was applied is kept each time.

    With `stop_after_bytes` (a test hook), the first part still to fetch is cut off
    after that many bytes of its body and the bootstrap stops, as an interrupted
    download does (§14.1 `backoff`)."""
    for attempt in range(attempts):
        try:
            return _bootstrap_once(client, stop_after_bytes)
        except FolioError as error:
            if attempt == attempts - 1 or not (error.code in (508, 510) or error.transient):
                raise
            time.sleep(0 if error.code in (508, 510) else min(2 ** attempt, 5))
    raise AssertionError("unreachable")


def _bootstrap_once(client: "FolioClient", stop_after_bytes: Optional[int]) -> BootstrapResult:
    result = BootstrapResult()
    manifest, headers = client.transport.get_frame("/v2/snapshots/latest", "SnapshotManifest")
    result.manifest = manifest
    max_age = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
    if max_age and int(max_age.group(1)) > 60:
        client.transport.audit.should("manifest cacheable for %s s, SPEC §11 step 1: at most 60" % max_age.group(1))
    _check_manifest(client, manifest)
    languages = client.subscription.languages
    held_before = client.store.languages_held()
    carried = languages or sorted({p.language for p in manifest.parts})
    to_fetch = [] if "*" in held_before else [x for x in carried if x not in held_before]  # step 2, §6.4
    needed = [p for p in manifest.parts if p.language in to_fetch]
    result.skipped_languages = sorted({p.language for p in manifest.parts} - set(to_fetch))
    for part in needed:  # step 3: dictionaries first
        if part.dictionary and part.dictionary not in client.transport.dictionaries:
            fetch_dictionary(client, part.dictionary, part.language)
    pending = [p for p in needed if not client.store.part_progress(p.path)[1]]
    held = sorted(set(held_before) | set(carried)) if languages else ["*"]
    widening = client.store.cursor is not None  # §6.4: keep the own cursor, catch the added languages up
    for index, part in enumerate(pending):
        is_last = index == len(pending) - 1 and not widening
        part_result = fetch_part(client, part, manifest.cursor if is_last else None, held if is_last else None,
                                 stop_after_bytes)
        result.parts.append(part_result)
        if part_result.interrupted:
            result.interrupted = True
            return result
        stop_after_bytes = None
    if widening and to_fetch:
        added = Subscription(list(to_fetch), list(client.subscription.regions), list(client.subscription.topics))
        result.detached_pages = catch_up_detached(client, manifest.cursor, added)
        with client.store.transaction():
            _finish(client, manifest.cursor, held)  # only now does it hold those languages
    elif not pending or widening:  # every part was applied before; the cursor goes in on its own
        with client.store.transaction():
            _finish(client, manifest.cursor, held)
    result.cursor_stored = client.store.cursor is not None
    if client.store.cursor == manifest.cursor and not client.subscription.active:
        want = manifest.checkpoint.articles  # step 6: an unfiltered client MAY compare
        result.manifest_checkpoint_match = client.store.archive_sum() == Sum(want.count, want.sum, want.comment_count)
    return result


def _check_manifest(client: "FolioClient", manifest) -> None:
    """SPEC.md §11 step 1: parts of one language cover disjoint, ascending id
    ranges; the manifest's own dictionary field is 0 since version 2."""
    audit = client.transport.audit
    if manifest.dictionary:
        audit.violation("SnapshotManifest.dictionary is %d, 0 since version 2 (SPEC §11 step 1)" % manifest.dictionary)
    last_of: dict = {}
    for part in manifest.parts:
        if part.first_id > part.last_id or part.first_id <= last_of.get(part.language, 0):
            audit.violation("part %s (%s, %d-%d) is not after the previous part of its language (SPEC §11 step 1)"
                            % (part.path, part.language, part.first_id, part.last_id))
        last_of[part.language] = part.last_id


def _check_chunk(client: "FolioClient", part, chunk) -> None:
    """SPEC.md §11 step 4: articles of the part's language and id range, approved comments only."""
    for article in chunk.articles:
        if article.language != part.language or not part.first_id <= article.id <= part.last_id:
            client.transport.audit.violation("part %s…: article %d (%s) outside the part's language %s or range "
                                             "%d-%d (SPEC §11 step 4)" % (part.path[:14], article.id, article.language,
                                                                         part.language, part.first_id, part.last_id))
    held = {a.id for a in chunk.articles}
    for comment in chunk.comments:
        if comment.status != 2 or comment.article_id not in held:
            client.transport.audit.violation("part %s…: comment %d (status %d, article %d) is not an approved comment "
                                             "of the chunk's articles (SPEC §11 step 4)" % (
                                                 part.path[:14], comment.id, comment.status, comment.article_id))


def _finish(client: "FolioClient", cursor: bytes, held: List[str]) -> None:
    """Stores the manifest's cursor unless the client already syncs (a wider
    subscription keeps its own cursor, SPEC.md §6.4), and the languages held."""
    if client.store.cursor is None:
        client.store.set_meta("cursor", cursor)
    client.store.set_meta("languages_held", json.dumps(held).encode())


def fetch_part(client: "FolioClient", part, cursor: Optional[bytes], held: Optional[List[str]],
               stop_after_bytes: Optional[int]) -> PartResult:
    """GET /v2/snapshots/{path}, resuming from what is kept (SPEC.md §11 steps 3-5)."""
    result = PartResult(part.path, part.language)
    applied, _, etag, kept = client.store.part_progress_full(part.path)
    start = applied + len(kept)
    headers = {}
    if start > 0 and etag:
        headers = {"Range": "bytes=%d-" % start, "If-Range": etag}
        result.range_start = start
    path = "/v2/snapshots/" + part.path
    conn = client.transport.connect()
    try:
        conn.request("GET", path, headers=client.transport.headers(headers))
        response = conn.getresponse()
        response_headers = {k.lower(): v for k, v in response.getheaders()}
        client.transport.audit.requests.append(("GET", path, response.status))
        client.transport.check_response_headers("GET", path, response.status, response_headers)
        result.status = response.status
        if response.status == 416:  # E510: read the part again from its start
            with client.store.transaction():
                client.store.record_part(part.path, part.language, part.size, None, 0, False, b"")
            raise FolioError(510, 416, "range beyond the end of %s" % part.path)
        if response.status not in (200, 206):
            body = response.read()
            raise client.transport.error_from("GET", path, Response(response.status, response_headers, body))
        if response_headers.get("content-type", "").split(";")[0] != SNAPSHOT_CONTENT_TYPE:
            client.transport.audit.violation("snapshot part Content-Type %r, SPEC §11 says %s"
                                             % (response_headers.get("content-type"), SNAPSHOT_CONTENT_TYPE))
        if response_headers.get("cache-control") != "public, max-age=31536000, immutable" or \
                not response_headers.get("etag", "").startswith('"'):
            client.transport.audit.should("snapshot part: Cache-Control %r, ETag %r (SPEC §11 step 3: immutable, "
                                          "strong ETag)" % (response_headers.get("cache-control"),
                                                            response_headers.get("etag")))
        etag = response_headers.get("etag", etag)
        if response.status == 206:
            expected = "bytes %d-%d/%d" % (start, part.size - 1, part.size)
            if response_headers.get("content-range") != expected:
                raise FolioError(502, 206, "Content-Range %r, asked %r" % (response_headers.get("content-range"),
                                                                            expected))
            buffer, offset, digest = bytearray(kept), applied, None
        else:  # 200: the whole part from its start; applied articles are skipped by revision
            buffer, offset, digest = bytearray(), 0, hashlib.sha256()
        _stream(client, part, response, buffer, offset, digest, etag, cursor, held, stop_after_bytes, result)
    except (OSError, http.client.HTTPException) as error:
        raise FolioError(0, 0, "network error on %s: %s" % (path, error))
    finally:
        conn.close()
    return result


def _stream(client: "FolioClient", part, response, buffer: bytearray, offset: int, digest, etag: Optional[str],
            cursor: Optional[bytes], held: Optional[List[str]], stop_after: Optional[int],
            result: PartResult) -> None:
    """Reads the body, applying every whole frame in its own transaction with the
    new applied-bytes count (and, for the last frame of the last part, the cursor)."""
    received = 0
    while True:
        want = READ_SIZE if stop_after is None else min(READ_SIZE, stop_after - received)
        data = response.read(want) if want > 0 else b""
        if not data:
            break
        received += len(data)
        if digest is not None:
            digest.update(data)
        buffer += data
        while True:
            header = _header(buffer, client)
            if header is None or len(buffer) < header.total:
                break
            if header.dictionary != part.dictionary:
                client.transport.audit.violation("part %s: a frame names dictionary %d, the manifest %d (SPEC §11 step 1)"
                                                 % (part.path[:20], header.dictionary, part.dictionary))
            frame = bytes(buffer[:header.total])
            del buffer[:header.total]
            try:
                chunk = client.transport.decode(frame, "SnapshotChunk", "snapshot part")
            except WireError as error:
                raise FolioError(error.code, result.status, "snapshot part %s: %s" % (part.path, error))
            _check_chunk(client, part, chunk)
            result.articles += len(chunk.articles)
            offset += header.total
            complete = offset == part.size
            with client.store.transaction():
                client.apply_chunk(chunk)
                client.store.record_part(part.path, part.language, part.size, etag, offset, complete, b"")
                if complete and cursor is not None:
                    _finish(client, cursor, held or [])
            result.frames += 1
        if stop_after is not None and received >= stop_after:
            with client.store.transaction():  # keep the bytes of the frame in flight (SPEC.md §14.1)
                client.store.record_part(part.path, part.language, part.size, etag, offset, False, bytes(buffer))
            result.interrupted = True
            return
    if buffer or offset != part.size:
        with client.store.transaction():
            client.store.record_part(part.path, part.language, part.size, etag, offset, False, bytes(buffer))
        raise FolioError(101, result.status, "part %s ended at %d of %d bytes" % (part.path, offset + len(buffer),
                                                                                  part.size))
    if digest is not None:
        if result.articles != part.article_count:
            client.transport.audit.violation("part %s…: %d articles, the manifest says %d (SPEC §11 step 1)"
                                             % (part.path[:14], result.articles, part.article_count))
        result.sha256_checked = True
        if digest.digest() != part.sha256:
            raise FolioError(502, result.status, "part %s does not match its sha256 (SPEC §11 step 5)" % part.path)
    result.complete = True


def _header(buffer: bytearray, client: "FolioClient"):
    try:
        return parse_header(bytes(buffer[:20]), client.transport.limits, expected_type=TYPE_NUMBERS["SnapshotChunk"])
    except WireError as error:
        raise FolioError(error.code, 200, "snapshot part frame: %s" % error)

