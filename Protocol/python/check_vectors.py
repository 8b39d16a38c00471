#!/usr/bin/env python3
"""Second, independent implementation of the Folio protocol codec, version 2 (Protocol/SPEC.md).

Written from SPEC.md and folio.proto only, with the Python standard library
and the `protobuf` package. It decodes and checks every file in
Protocol/vectors and every SPEC.md example that names a vector. The codec
itself lives in folio_wire.py, folio_checksum.py and folio_search.py, shared
with the protocol client folio_client.py.

    python3 Protocol/python/check_vectors.py        # needs protoc on PATH

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import json
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from folio_checksum import (M64, article_item, bucket_sums, canonical_article,  # noqa: E402
                            canonical_comment, comment_item, differing_buckets)
from folio_search import fold  # noqa: E402
from folio_wire import (DEFAULT_LIMITS, FRAME_TYPES, PROTOCOL, VECTORS, WireError,  # noqa: E402
                        apply_delta, decode_cursor, decode_frame, encode_cursor, encode_frame, load_pb2)


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
            buckets = {b: (v.count, v.total, v.comments) for b, v in bucket_sums(items, entry["width"]).items()}
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
            differing = differing_buckets(client, server)
            self.expect([str(b) for b in differing] == entry["differingBuckets"], "checksums.json comparison")
            ranges = [{"first": str(b * width), "last": str(b * width + width - 1)} for b in differing]
            self.expect(ranges == entry["repairRanges"], "checksums.json repair ranges")

    def cursors(self):
        data = self.load("cursors.json")
        for entry in data["valid"] + data["version1"]:
            fields = tuple(int(entry[key]) for key in ("epoch", "sequence", "settled", "firstHead"))
            if entry in data["valid"]:
                self.expect(encode_cursor(*fields).hex() == entry["hex"], "cursors.json encode " + entry["name"])
            try:
                decoded = decode_cursor(bytes.fromhex(entry["hex"]))
            except WireError as error:
                decoded = error
            self.expect(decoded == fields, "cursors.json decode %s: %s" % (entry["name"], decoded))
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
        from folio_search import tokens as search_tokens  # noqa: E402
        corpus = self.load("search-queries.json")
        indexed = [(a["id"], search_tokens(fold(a["title"])) + search_tokens(fold(a["lead"]))
                    + search_tokens(fold(a["body"]))) for a in corpus["articles"]]
        for case in corpus["queries"]:
            terms = search_tokens(fold(case["query"]))[:16]
            ids = [i for i, words in indexed
                   if all(any(w == t if len(t) <= 1 else w.startswith(t) for w in words) for t in terms)]
            self.expect(terms == case["tokens"] and ids == case["ids"], "search query %r: %s %s" % (
                case["query"], terms, ids))
        characters = self.load("search-token-characters.json")
        ranges = characters["ranges"]
        from folio_search import FOLDING_VERSION  # noqa: E402
        self.expect(characters["version"] == FOLDING_VERSION, "search-token-characters.json version")
        self.expect(all(first <= last for first, last in ranges)
                    and all(a[1] + 1 < b[0] for a, b in zip(ranges, ranges[1:]))
                    and ranges[-1][1] <= 0x10FFFF, "search-token-characters.json: ascending, disjoint ranges")

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
    """The folding of SPEC.md §13.1 (folio_search.fold)."""
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
