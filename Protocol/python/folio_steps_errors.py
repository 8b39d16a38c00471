"""Conformance steps that send bad requests on purpose and check the answers
against SPEC.md §5.1-§5.3, §7.1, §10.2, §11 and §12.1.

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read).
"""
from __future__ import annotations

import zlib
from typing import List, Optional, Tuple

from folio_push import RATE_LIMITED, OutboxEntry, uuid7
from folio_steps_repair import RepairSteps
from folio_steps_sync import StepFailure, check
from folio_transport import CODE_STATUS, FolioError, Response
from folio_wire import WireError, decode_cursor, decode_frame, encode_cursor, encode_frame

PULL, PUSH = 1, 3
INVALID, TOO_LONG, BAD_KEY = 1, 2, 6


class ErrorSteps(RepairSteps):
    """Bad requests and bad comments."""

    def _answer(self, response: Response, version: int = 2) -> Tuple[int, int, Optional[object]]:
        """(HTTP status, Folio-Error, decoded ErrorResponse or None)."""
        header = int(response.headers.get("folio-error", "0") or 0)
        try:
            error = decode_frame(response.body, self.pb2, {}, version=version, expected_type=12)[4]
        except WireError:
            error = None
        return response.status, header, error

    def _expect(self, what: str, response: Response, code: int, problems: List[str], version: int = 2) -> None:
        status, header, error = self._answer(response, version)
        want = CODE_STATUS[code]
        got_code = error.code if error is not None else None
        if (status, header, got_code) != (want, code, code):
            problems.append("%s: got HTTP %d, Folio-Error %s, ErrorResponse.code %s; SPEC §12.1 wants %d, %d" % (
                what, status, header or "none", got_code, want, code))

    def error_codes(self) -> str:
        transport = self.full.transport
        problems: List[str] = []
        pull = encode_frame(PULL, self.pb2.PullRequest(cursor=self.full.store.cursor).SerializeToString())
        self._expect("pull with Content-Type application/json", transport.raw(
            "POST", "/v2/pull", b"{}", {"Content-Type": "application/json"}), 509, problems)
        self._expect("pull, not a frame", transport.raw("POST", "/v2/pull", b"<html>portal</html>"), 102, problems)
        self._expect("pull, frame version 3", transport.raw("POST", "/v2/pull", pull[:4] + b"\x03" + pull[5:]),
                     103, problems)
        push_frame = encode_frame(PUSH, self.pb2.PushRequest().SerializeToString())
        self._expect("a PushRequest frame sent to /v2/pull", transport.raw("POST", "/v2/pull", push_frame), 104,
                     problems)
        damaged = pull[:-1] + bytes([pull[-1] ^ 0x01])
        self._expect("pull, payload bit flipped (CRC-32)", transport.raw("POST", "/v2/pull", damaged), 109, problems)
        self._expect("pull, frame cut short", transport.raw("POST", "/v2/pull", pull[:-3]), 101, problems)
        self._expect("pull, bytes after the frame", transport.raw("POST", "/v2/pull", pull + b"\x00"), 107, problems)
        try:  # a cursor of another epoch can only be made in the reference layout of §7.1
            epoch, sequence, _, _ = decode_cursor(self.full.store.cursor)
        except WireError:
            problems.append("the server's cursor is not in the 21-byte layout SPEC §7.1 documents for the reference "
                            "server; E402 not tested")
        else:
            other = encode_cursor(epoch ^ 0x5A5A, sequence)
            frame = encode_frame(5, self.pb2.ChecksumRequest(cursor=other).SerializeToString())
            self._expect("checksums with a cursor of another epoch", transport.raw("POST", "/v2/checksums", frame),
                         402, problems)
        v1 = b"FOLW\x01\x01\x00\x00" + bytes(8)
        response = transport.raw("POST", "/v1/pull", v1, {"Folio-Protocol": "1"})
        self._expect("a version-1 client's POST /v1/pull", response, 501, problems, version=1)
        _, _, error = self._answer(response, 1)
        if error is not None and 2 not in error.supported_versions:
            problems.append("E501 lists supported_versions %s without 2" % list(error.supported_versions))
        for path in ("/v1/info", "/v1/snapshots/latest"):
            self._expect("a version-1 client's GET %s" % path, transport.raw("GET", path, headers={
                "Folio-Protocol": "1"}), 501, problems, version=1)
        huge = b"FOLW\x02\x01\x00\x00" + bytes(4) + (100 << 20).to_bytes(4, "big") + bytes(4) + pull[20:]
        self._expect("pull announcing a 100 MiB payload", transport.raw("POST", "/v2/pull", huge), 105, problems)
        self._expect("pull with flag bit 1 set", transport.raw("POST", "/v2/pull", pull[:6] + b"\x02" + pull[7:]),
                     106, problems)
        garbage = encode_frame(PULL, b"\xff\xff\xff")
        self._expect("pull whose payload is not a PullRequest", transport.raw("POST", "/v2/pull", garbage), 108,
                     problems)
        plain = self.pb2.PullRequest(cursor=self.full.store.cursor).SerializeToString()
        unknown_dictionary = encode_frame(PULL, plain, dictionary=b"not a dictionary the server has", compress=True)
        self._expect("pull deflated with a dictionary the server lacks", transport.raw(
            "POST", "/v2/pull", unknown_dictionary), 206, problems)
        corrupt = encode_frame(PULL, plain, compress=True)
        corrupt = corrupt[:20] + corrupt[20:22] + bytes(len(corrupt) - 22)
        corrupt = corrupt[:16] + zlib.crc32(corrupt[20:]).to_bytes(4, "big") + corrupt[20:]
        self._expect("pull with a corrupt zlib stream", transport.raw("POST", "/v2/pull", corrupt), 201, problems)
        self._expect("unknown dictionary", transport.raw("GET", "/v2/dictionaries/1"), 503, problems)
        manifest, _ = transport.get_frame("/v2/snapshots/latest", "SnapshotManifest")
        part = manifest.parts[0]
        self._expect("Range beyond the end of a part", transport.raw(
            "GET", "/v2/snapshots/" + part.path, headers={"Range": "bytes=%d-" % (part.size + 10)}), 510, problems)
        check(not problems, " | ".join(problems))
        return "E509, E102, E103, E104, E109, E101, E107, E402, E501 on /v1/ (426, version-1 frame, supported %s), " \
               "E105 before buffering, E106, E108, E206, E201, E503, E510: status, Folio-Error and ErrorResponse " \
               "agree" % list(error.supported_versions)

    def compressed_requests(self) -> str:
        """SPEC.md §9.1: clients MAY compress request payloads; §9.2 with a dictionary the server offers."""
        transport = self.full.transport
        plain = self.pb2.PullRequest(cursor=self.full.store.cursor, client_key=self.full.store.client_key)
        answers = []
        dictionaries = [None] + [transport.dictionaries[d.id] for d in self.full.info.dictionaries][:1]
        for dictionary in dictionaries:
            frame = encode_frame(PULL, plain.SerializeToString(), dictionary=dictionary, compress=True)
            response = transport.raw("POST", "/v2/pull", frame)
            status, header, error = self._answer(response)
            check(status == 200, "a deflated PullRequest%s was answered %d E%s %s" % (
                " with dictionary" if dictionary else "", status, header, error.message if error else ""))
            transport.decode(response.body, "PullResponse", "/v2/pull")
            answers.append("with dictionary" if dictionary else "plain deflate")
        return "deflated PullRequest frames (%s) answered 200 with a PullResponse" % ", ".join(answers)

    def push_rejections(self) -> str:
        outbox = self.full.outbox
        article = self.ids["meta"]
        bad_key = bytearray(uuid7())
        bad_key[6] = 0x40 | (bad_key[6] & 0x0F)  # version 4, not 7
        entries = [
            OutboxEntry(uuid7(), article, "", "reader@example.org", "No name.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "Reader", "reader@example.org", "x" * 4001, 1767305220000, "queued"),
            OutboxEntry(bytes(bad_key), article, "Reader", "reader@example.org", "Bad key.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "Reader", "not an email", "Bad email.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "Reader", "<reader@example.org>", "Bracketed.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "Reader", "r" * 243 + "@example.org", "255 bytes.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "\u3000", "reader@example.org", "Blank name.", 1767305220000, "queued"),
            OutboxEntry(uuid7(), article, "Eve\x1b]0;owned\x07", "reader@example.org", "Escape.", 1767305220000,
                        "queued"),
            OutboxEntry(uuid7(), article, "Reader", "reader@example.org", "\u200b\u2066", 1767305220000, "queued"),
        ]
        results = outbox.submit(entries)
        got = [(r.outcome, r.reason) for r in results]
        want = [("rejected", INVALID), ("rejected", TOO_LONG), ("rejected", BAD_KEY), ("rejected", INVALID),
                ("rejected", INVALID), ("rejected", TOO_LONG), ("rejected", INVALID), ("rejected", INVALID),
                ("rejected", INVALID)]
        check(got == want, "empty name, 4001-character text, UUIDv4 key, malformed email, <bracketed> email, 255-byte "
              "email, ideographic-space name, escape sequence in the name, zero-width-only text answered %s; SPEC "
              "§10.2 wants INVALID, TOO_LONG, BAD_KEY, INVALID, INVALID, TOO_LONG, INVALID, INVALID, INVALID" % got)
        return "empty name INVALID, 4001 characters TOO_LONG, UUIDv4 key BAD_KEY, malformed and <bracketed> " \
               "email INVALID, 255-byte email TOO_LONG, U+3000 name, ESC in the name and zero-width text INVALID"

    def push_many(self) -> str:
        """SPEC.md §10.1/§14.2: up to 100 items per request; §10.2: comment budgets count per item, replays
        never count, and an item over budget is RATE_LIMITED and stays queued with its key."""
        client = self.client("outbox")
        client.negotiate()
        for index in range(31):
            client.outbox.add(self.ids["meta"], "Reader %d" % index, "reader%d@example.org" % index,
                              "Queued offline, number %d (%s)." % (index, self.run_tag))
        keys = [entry.key for entry in client.outbox.entries("queued")]
        try:
            results = client.outbox.push()
        except FolioError as error:
            raise StepFailure("POST /v2/push with 31 queued items answered HTTP %d E%d %r for the whole request; "
                              "SPEC §10.2 answers comment budgets item by item" % (error.status, error.code,
                                                                                   error.message))
        check(len(results) == 31, "%d results for 31 items" % len(results))
        accepted = [r for r in results if r.outcome == "accepted"]
        limited = [r for r in results if r.outcome == "rejected" and r.reason == RATE_LIMITED]
        check(len(accepted) + len(limited) == 31, "outcomes other than accepted or RATE_LIMITED: %s" % [
            r for r in results if r not in accepted and r not in limited])
        check(all(r.retry_after >= 1 for r in limited), "RATE_LIMITED without retry_after_seconds: %s" % limited)
        queued = [entry.key for entry in client.outbox.entries("queued")]
        check(queued == [r.key for r in limited], "after the push %d items are queued, %d were RATE_LIMITED "
              "(SPEC §10.2: they stay queued with their keys)" % (len(queued), len(limited)))
        # The whole outbox again, as after a lost reply: replays never count toward the budget.
        for key in keys:
            client.outbox.requeue(key)
        again = client.outbox.push()
        replays = [r for r, first in zip(again, results) if first.outcome == "accepted"]
        check(all(r.outcome == "accepted" for r in replays),
              "a resent outbox had %d of its %d accepted items refused: SPEC §10.2 says replays never count" % (
                  sum(1 for r in replays if r.outcome != "accepted"), len(replays)))
        check([r.comment_id for r in replays] == [r.comment_id for r in accepted],
              "replays answered other comment ids than the first replies (§10.3)")
        # The same outbox from a new install (a new client key): the keys are global, nothing is stored twice.
        reinstall = self.client("reinstalled")
        reinstall.negotiate()
        entries = [client.outbox.entry(r.key) for r in accepted[:3]]
        answers = reinstall.outbox.submit(entries)
        check([(a.outcome, a.comment_id) for a in answers] == [("accepted", r.comment_id) for r in accepted[:3]],
              "the same keys and bodies from a new client key answered %s; SPEC §10.3: keys are global, the first "
              "reply again" % [(a.outcome, a.comment_id, a.reason) for a in answers])
        return "%d accepted, %d RATE_LIMITED and kept queued (retry after %s s); replays of the %d accepted all " \
               "answered again; a new client key resending 3 of them got the same comment ids" % (
                   len(accepted), len(limited), sorted({r.retry_after for r in limited}), len(accepted))

    def unknown_part(self) -> str:
        """SPEC.md §12.1: E503 (404) for an "unknown path, dictionary or snapshot part"; §11 step 3 keeps
        410/E508 for "a path that no longer exists"."""
        path = "/v2/snapshots/parts/%s.folio" % ("0" * 64)
        status, header, error = self._answer(self.full.transport.raw("GET", path))
        check((status, header) == (404, 503), "GET %s (a path no manifest ever listed) answered HTTP %d E%s %r; "
              "SPEC §12.1 gives 404 E503 for an unknown snapshot part, §11 step 3 gives 410 E508 only for a path that "
              "no longer exists" % (path, status, header, error.message if error else ""))
        return "404 E503"

    def header_mismatch(self) -> str:
        """SPEC.md §5.3: path prefix, Folio-Protocol header and frame version MUST agree."""
        transport = self.full.transport
        pull = encode_frame(PULL, self.pb2.PullRequest(cursor=self.full.store.cursor).SerializeToString())
        answers = []
        for value in ("1", "3"):
            status, header, _ = self._answer(transport.raw("POST", "/v2/pull", pull, {"Folio-Protocol": value}))
            answers.append((value, status, header))
        accepted = [a for a in answers if a[1] == 200]
        check(not accepted, "POST /v2/pull with a version-2 frame and Folio-Protocol %s answered %s; SPEC §5.3 says the "
              "three places MUST agree but names no answer for a request where they do not (E103? E502?)" % (
                  " / ".join(a[0] for a in accepted), ", ".join("HTTP %d" % a[1] for a in accepted)))
        return "refused: %s" % answers