#!/usr/bin/env python3
"""Second, independent implementation of Folio protocol v1 (Protocol/SPEC.md).

Written from SPEC.md and folio.proto only, with the Python standard library
and the `protobuf` package. It decodes and checks every file in
Protocol/vectors and every SPEC.md example that names a vector.

    python3 Protocol/python/check_vectors.py        # needs protoc on PATH

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOL = os.path.dirname(HERE)
VECTORS = os.path.join(PROTOCOL, "vectors")
M64 = (1 << 64) - 1


class WireError(Exception):
    """A protocol failure with its SPEC.md §12 code."""

    def __init__(self, code, message):
        super().__init__("%d: %s" % (code, message))
        self.code = code


# ----------------------------------------------------------------- messages (§4)

def load_pb2(pb2_dir=None):
    if pb2_dir is None:
        pb2_dir = tempfile.mkdtemp(prefix="folio-pb2-")
        subprocess.check_call(["protoc", "--proto_path=" + PROTOCOL, "--python_out=" + pb2_dir,
                               os.path.join(PROTOCOL, "folio.proto")])
    sys.path.insert(0, pb2_dir)
    return importlib.import_module("folio_pb2")


# SPEC.md §5.2, table 2.
FRAME_TYPES = {1: "PullRequest", 2: "PullResponse", 3: "PushRequest", 4: "PushResponse",
               5: "ChecksumRequest", 6: "ChecksumResponse", 7: "RepairRequest", 8: "RepairResponse",
               9: "SnapshotManifest", 10: "SnapshotChunk", 11: "ServerInfo", 12: "ErrorResponse"}

DEFAULT_LIMITS = {"maxFrameBytes": 8 << 20, "maxInflatedBytes": 16 << 20, "maxRatio": 100,
                  "ratioGraceBytes": 64 << 10}


# ----------------------------------------------------------------- frames (§5.2)

def parse_frame(body, limits, version_expected=2):
    """Returns (type, compressed, dictionary id, payload) of a body holding exactly one frame.

    Version 2 headers are 20 bytes (the last 4 a CRC-32 of the payload); version 1
    headers, read only for the frozen E501 answer of SPEC.md §5.3, are 16."""
    magic = b"FOLW"
    header = 20 if version_expected == 2 else 16
    if body[:4] != magic[:len(body[:4])]:
        raise WireError(102, "bad magic")
    if len(body) < header:
        raise WireError(101, "truncated header")
    version, ftype, flags, reserved = body[4], body[5], body[6], body[7]
    if version != version_expected:
        raise WireError(103, "unsupported version")
    if ftype not in FRAME_TYPES:
        raise WireError(104, "unknown type")
    if flags & 0xFE or reserved:
        raise WireError(106, "reserved bits")
    dictionary = int.from_bytes(body[8:12], "big")
    compressed = bool(flags & 1)
    if dictionary and not compressed:
        raise WireError(106, "dictionary on uncompressed frame")
    length = int.from_bytes(body[12:16], "big")
    if length > limits["maxFrameBytes"]:
        raise WireError(105, "frame too large")
    if len(body) < header + length:
        raise WireError(101, "truncated payload")
    if len(body) > header + length:
        raise WireError(107, "trailing bytes")
    payload = body[header:header + length]
    if header == 20 and zlib.crc32(payload) != int.from_bytes(body[16:20], "big"):
        raise WireError(109, "payload CRC-32 mismatch")
    return ftype, compressed, dictionary, payload


# ----------------------------------------------------------------- compression (§9)

def check_limits(produced, consumed, limits):
    if produced > limits["maxInflatedBytes"]:
        raise WireError(203, "inflated size above limit")
    if produced > limits["ratioGraceBytes"] and produced > consumed * limits["maxRatio"]:
        raise WireError(204, "inflate ratio above limit")


def inflate(data, dictionary, limits):
    """Inflates one zlib stream that fills all of `data` (SPEC.md §9.1-§9.3)."""
    if len(data) < 2:
        raise WireError(202, "truncated zlib header")
    cmf, flg = data[0], data[1]
    if cmf & 0x0F != 8 or cmf >> 4 > 7 or (cmf << 8 | flg) % 31:
        raise WireError(201, "bad zlib header")
    stream_dict = None
    if flg & 0x20:
        if len(data) < 6:
            raise WireError(202, "truncated zlib header")
        stream_dict = int.from_bytes(data[2:6], "big")
    if stream_dict != (None if dictionary is None else zlib.adler32(dictionary)):
        raise WireError(207, "dictionary mismatch")
    d = zlib.decompressobj(15, zdict=dictionary) if dictionary is not None else zlib.decompressobj(15)
    out = bytearray()
    fed = 0
    pending = b""
    step = 4096
    try:
        while not d.eof:
            if not pending:
                if fed >= len(data):
                    break
                pending = data[fed:fed + step]
                fed += len(pending)
            chunk = d.decompress(pending, 16384)
            pending = d.unconsumed_tail
            consumed = fed - len(pending) - len(d.unused_data)
            check_limits(len(out) + len(chunk), consumed, limits)
            out += chunk
    except zlib.error as error:
        raise WireError(201, "corrupt zlib stream: %s" % error)
    if not d.eof:
        raise WireError(202, "truncated zlib stream")
    if d.unused_data or fed < len(data):
        raise WireError(205, "junk after zlib stream")
    return bytes(out)


def decode_frame(body, pb2, dictionaries, limits=DEFAULT_LIMITS, version=2):
    ftype, compressed, dictionary_id, payload = parse_frame(body, limits, version)
    plain = payload
    if compressed:
        dictionary = None
        if dictionary_id:
            if dictionary_id not in dictionaries:
                raise WireError(206, "unknown dictionary")
            dictionary = dictionaries[dictionary_id]
        plain = inflate(payload, dictionary, limits)
    message = getattr(pb2, FRAME_TYPES[ftype])()
    try:
        message.ParseFromString(plain)
    except Exception as error:  # google.protobuf.message.DecodeError and UTF-8 errors
        raise WireError(108, "malformed payload: %s" % error)
    return ftype, compressed, dictionary_id, plain, message


def encode_frame(ftype, payload, version=2):
    header = b"FOLW" + bytes([version, ftype, 0, 0]) + (0).to_bytes(4, "big") + len(payload).to_bytes(4, "big")
    if version == 2:
        header += zlib.crc32(payload).to_bytes(4, "big")
    return header + payload


# ----------------------------------------------------------------- deltas (§8.2)

def read_varint(data, pos):
    value = 0
    for index in range(9):
        if pos >= len(data):
            raise WireError(301, "truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, pos
    raise WireError(301, "varint too long")


def read_u32(data, pos):
    if pos + 4 > len(data):
        raise WireError(301, "truncated")
    return int.from_bytes(data[pos:pos + 4], "big"), pos + 4


def apply_delta(delta, base, max_target=4 << 20):
    if delta[:3] != b"FD\x01":
        raise WireError(301, "bad delta magic")
    pos = 3
    base_len, pos = read_varint(delta, pos)
    base_crc, pos = read_u32(delta, pos)
    if base_len != len(base) or base_crc != zlib.crc32(base):
        raise WireError(302, "other base")
    target_len, pos = read_varint(delta, pos)
    target_crc, pos = read_u32(delta, pos)
    if target_len > max_target:
        raise WireError(303, "target too large")
    out = bytearray()
    while pos < len(delta):
        op = delta[pos]
        pos += 1
        if op == 1:
            offset, pos = read_varint(delta, pos)
            length, pos = read_varint(delta, pos)
            if length == 0 or offset + length > len(base) or length > target_len - len(out):
                raise WireError(301, "copy out of range")
            out += base[offset:offset + length]
        elif op == 2:
            length, pos = read_varint(delta, pos)
            if length == 0 or length > target_len - len(out) or pos + length > len(delta):
                raise WireError(301, "insert out of range")
            out += delta[pos:pos + length]
            pos += length
        else:
            raise WireError(301, "unknown op")
    if len(out) != target_len:
        raise WireError(301, "wrong target length")
    if zlib.crc32(out) != target_crc:
        raise WireError(304, "target crc")
    return bytes(out)


# ----------------------------------------------------------------- checksums and cursors (§7)

def fnv_fmix(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & M64
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & M64
    h ^= h >> 33
    return h


def be64(value):
    return (value & M64).to_bytes(8, "big")


def be32(value):
    return (value & 0xFFFFFFFF).to_bytes(4, "big")


def canon_str(text):
    data = text.encode("utf-8")
    return be32(len(data)) + data


def canon_list(values):
    return be32(len(values)) + b"".join(canon_str(v) for v in values)


def canonical_article(a):
    """SPEC.md §7.2 canonical(a), from a folio.v1.Article message."""
    return (be64(a.id) + be64(a.revision) + be64(a.news_code) + canon_str(a.language) + canon_str(a.title)
            + canon_str(a.lead) + canon_str(a.body) + canon_str(a.author) + canon_str(a.source)
            + be64(a.published_at) + be64(a.updated_at) + canon_list(a.regions) + canon_list(a.topics)
            + be32(a.kind) + be32(a.reading_minutes) + be32(len(a.related)) + b"".join(be64(r) for r in a.related))


def canonical_comment(c):
    """SPEC.md §7.2 canonical(c), from the public fields of a folio.v1.Comment message."""
    return be64(c.id) + be64(c.article_id) + canon_str(c.name) + canon_str(c.text) + be64(c.created_at)


def digest(data):
    return be32(zlib.crc32(data)) + be32(zlib.adler32(data))


def article_item(a):
    return fnv_fmix(b"\x41" + be64(a.id) + be64(a.revision) + digest(canonical_article(a)))


def comment_item(c):
    return fnv_fmix(b"\x43" + be64(c.id) + be64(c.article_id) + digest(canonical_comment(c)))


def bucket_sums(items, width):
    """items: (kind, bucket id, hash); returns {bucket: (articles, sum, comments)}."""
    buckets = {}
    for kind, bucket_id, item in items:
        bucket = bucket_id // width
        count, total, comments = buckets.get(bucket, (0, 0, 0))
        if kind == "article":
            count += 1
        else:
            comments += 1
        buckets[bucket] = (count, (total + item) & M64, comments)
    return buckets


def decode_cursor(data):
    if len(data) != 21 or data[0] != 1 or int.from_bytes(data[17:21], "big") != zlib.crc32(data[:17]):
        raise WireError(401, "malformed cursor")
    return int.from_bytes(data[1:9], "big"), int.from_bytes(data[9:17], "big")


def encode_cursor(epoch, sequence):
    head = bytes([1]) + epoch.to_bytes(8, "big") + sequence.to_bytes(8, "big")
    return head + zlib.crc32(head).to_bytes(4, "big")


# ----------------------------------------------------------------- the checks

class Checker:
    def __init__(self, pb2):
        self.pb2 = pb2
        self.failures = []
        self.passed = 0

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)

    def expect_error(self, code, what, function, *args):
        try:
            function(*args)
        except WireError as error:
            self.expect(error.code == code, "%s: got error %d, want %d" % (what, error.code, code))
            return
        self.expect(False, "%s: accepted, want error %d" % (what, code))

    @staticmethod
    def load(name):
        path = os.path.join(VECTORS, name)
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            raise SystemExit("vector file %s is missing or empty" % name)
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if not data:
            raise SystemExit("vector file %s holds no entries" % name)
        return data

    def dictionaries(self):
        result = {}
        for entry in self.load("dictionaries.json"):
            data = bytes.fromhex(entry["hex"])
            self.expect(zlib.adler32(data) == entry["id"], "dictionary %s id" % entry["language"])
            result[entry["id"]] = data
        return result

    def frames(self, dictionaries):
        from google.protobuf import json_format
        for entry in self.load("frames.json"):
            name = "frames.json " + entry["name"]
            body = bytes.fromhex(entry["hex"])
            try:
                ftype, compressed, dictionary, plain, message = decode_frame(
                    body, self.pb2, dictionaries, version=entry.get("version", 2))
            except WireError as error:
                self.expect(False, "%s: %s" % (name, error))
                continue
            self.expect(ftype == entry["type"], name + " type")
            self.expect(compressed == entry["compressed"], name + " compressed")
            self.expect(dictionary == entry["dictionary"], name + " dictionary")
            self.expect(plain.hex() == entry["payload"], name + " payload")
            self.expect(json_format.MessageToDict(message) == entry["decoded"], name + " decoded")
            expected = json_format.ParseDict(entry["decoded"], getattr(self.pb2, FRAME_TYPES[ftype])())
            again = getattr(self.pb2, FRAME_TYPES[ftype])()
            again.CopyFrom(message)
            again.DiscardUnknownFields()
            self.expect(again == expected, name + " decoded message")
            if entry["roundtrip"]:
                self.expect(encode_frame(ftype, message.SerializeToString(deterministic=True),
                                         entry.get("version", 2)) == body, name + " roundtrip")
        for entry in self.load("frames-invalid.json"):
            limits = dict(DEFAULT_LIMITS, **entry.get("limits", {}))
            self.expect_error(entry["error"], "frames-invalid.json " + entry["name"],
                              decode_frame, bytes.fromhex(entry["hex"]), self.pb2, dictionaries, limits)

    def deltas(self):
        for entry in self.load("deltas.json"):
            base, target = entry["base"].encode(), entry["target"].encode()
            try:
                self.expect(apply_delta(bytes.fromhex(entry["delta"]), base) == target, "deltas.json " + entry["name"])
            except WireError as error:
                self.expect(False, "deltas.json %s: %s" % (entry["name"], error))
        for entry in self.load("deltas-invalid.json"):
            self.expect_error(entry["error"], "deltas-invalid.json " + entry["name"], apply_delta,
                              bytes.fromhex(entry["delta"]), entry["base"].encode(),
                              entry.get("maxTargetBytes", 4 << 20))

    def checksums(self):
        from google.protobuf import json_format
        data = self.load("checksums.json")
        for entry in data["articles"]:
            article = json_format.ParseDict(entry["article"], self.pb2.Article())
            canonical = canonical_article(article)
            name = "checksums.json " + entry["name"]
            self.expect(canonical.hex() == entry["canonical"], name + " canonical")
            self.expect(str(zlib.crc32(canonical)) == entry["crc32"], name + " crc32")
            self.expect(str(zlib.adler32(canonical)) == entry["adler32"], name + " adler32")
            self.expect(str(article_item(article)) == entry["hash"], name + " hash")
        for entry in data["comments"]:
            comment = json_format.ParseDict(entry["comment"], self.pb2.Comment())
            canonical = canonical_comment(comment)
            name = "checksums.json " + entry["name"]
            self.expect(canonical.hex() == entry["canonical"], name + " canonical")
            self.expect(str(comment_item(comment)) == entry["hash"], name + " hash")
        sets = {}
        for entry in data["sets"]:
            items = [(i["kind"], int(i["id"] if i["kind"] == "article" else i["articleId"]), int(i["hash"]))
                     for i in entry["items"]]
            sets[entry["name"]] = items
            buckets = bucket_sums(items, entry["width"])
            count = sum(c for c, _, _ in buckets.values())
            total = sum(s for _, s, _ in buckets.values()) & M64
            comments = sum(k for _, _, k in buckets.values())
            self.expect((str(count), str(total), str(comments)) == (entry["count"], entry["sum"], entry["comments"]),
                        "checksums.json set " + entry["name"])
            listed = [{"bucket": str(b), "count": str(c), "sum": str(s), "commentCount": str(k)}
                      for b, (c, s, k) in sorted(buckets.items())]
            self.expect(listed == entry["buckets"], "checksums.json buckets " + entry["name"])
        for entry in data["comparisons"]:
            width = entry["width"]
            client, server = bucket_sums(sets[entry["client"]], width), bucket_sums(sets[entry["server"]], width)
            differing = sorted(b for b in set(client) | set(server)
                               if client.get(b, (0, 0, 0)) != server.get(b, (0, 0, 0)))
            self.expect([str(b) for b in differing] == entry["differingBuckets"], "checksums.json comparison")
            ranges = [{"first": str(b * width), "last": str(b * width + width - 1)} for b in differing]
            self.expect(ranges == entry["repairRanges"], "checksums.json repair ranges")

    def cursors(self):
        data = self.load("cursors.json")
        for entry in data["valid"]:
            epoch, sequence = int(entry["epoch"]), int(entry["sequence"])
            self.expect(encode_cursor(epoch, sequence).hex() == entry["hex"], "cursors.json encode")
            self.expect(decode_cursor(bytes.fromhex(entry["hex"])) == (epoch, sequence), "cursors.json decode")
        for entry in data["invalid"]:
            self.expect_error(entry["error"], "cursors.json " + entry["name"], decode_cursor, bytes.fromhex(entry["hex"]))

    def search(self):
        cases = self.load("search-normalisation.json")
        self.expect(all("input" in c and "output" in c for c in cases), "search-normalisation.json shape")
        spec = open(os.path.join(PROTOCOL, "SPEC.md"), encoding="utf-8").read()
        if "<!-- SEARCH-NORMALISATION: written by the store issue -->" in spec:
            print("note: SPEC.md §13 has no folding rules yet; search-normalisation.json checked for shape only")
            return
        fold = search_folding()
        if fold is None:
            print("note: no Python folding implementation yet; search-normalisation.json checked for shape only")
            return
        for case in cases:
            self.expect(fold(case["input"]) == case["output"], "search %r" % case["input"])

    def named_entries(self, file_name):
        """Every object with a "name" anywhere in a vector file."""
        found = []

        def walk(value):
            if isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, dict):
                if "name" in value:
                    found.append(value)
                for item in value.values():
                    walk(item)
        walk(self.load(file_name))
        return found

    def spec_examples(self):
        """Every SPEC.md block preceded by <!-- vector: FILE NAME [FIELD] --> equals that vector field."""
        spec = open(os.path.join(PROTOCOL, "SPEC.md"), encoding="utf-8").read()
        pattern = re.compile(r"<!-- vector: (\S+) (\S+)(?: (\S+))? -->\s*```[a-z]*\n(.*?)```", re.S)
        found = 0
        for file_name, name, field, block in pattern.findall(spec):
            found += 1
            what = "SPEC.md example %s %s %s" % (file_name, name, field or "hex")
            entry = next((e for e in self.named_entries(file_name) if e["name"] == name), None)
            if entry is None or (field or "hex") not in entry:
                self.expect(False, what + ": no such vector")
                continue
            want = entry[field or "hex"]
            if field == "decoded":
                self.expect(json.loads(block) == want, what)
            else:
                self.expect(re.sub(r"\s", "", block) == re.sub(r"\s", "", str(want)), what)
        self.expect(found >= 10, "SPEC.md names at least ten vectors (found %d)" % found)


def search_folding():
    """The folding of SPEC.md §13.2: NFD, drop ignorable scalars, map letters
    and digits, lowercase, NFC. Used once §13 holds the rules."""
    import unicodedata
    ignorable = [(0x0300, 0x036F), (0x0610, 0x061A), (0x061C, 0x061C), (0x064B, 0x065F), (0x0670, 0x0670),
                 (0x0640, 0x0640), (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED),
                 (0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF)]
    mapping = {0x064A: 0x06CC, 0x0649: 0x06CC, 0x0643: 0x06A9, 0x0629: 0x0647, 0x06D5: 0x0647, 0x0671: 0x0627}
    mapping.update({0x0660 + d: 0x30 + d for d in range(10)})
    mapping.update({0x06F0 + d: 0x30 + d for d in range(10)})

    def fold(text):
        out = []
        for ch in unicodedata.normalize("NFD", text):
            code = ord(ch)
            if any(low <= code <= high for low, high in ignorable):
                continue
            out.append(chr(mapping.get(code, code)))
        return unicodedata.normalize("NFC", "".join(out).lower())
    return fold


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pb2-dir", help="directory holding a pre-generated folio_pb2.py (default: run protoc)")
    args = parser.parse_args()
    checker = Checker(load_pb2(args.pb2_dir))
    dictionaries = checker.dictionaries()
    checker.frames(dictionaries)
    checker.deltas()
    checker.checksums()
    checker.cursors()
    checker.search()
    checker.spec_examples()
    for failure in checker.failures:
        print("FAIL", failure)
    print("%d checks passed, %d failed" % (checker.passed, len(checker.failures)))
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
