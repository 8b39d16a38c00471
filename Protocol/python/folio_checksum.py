"""Folio archive checksums (SPEC.md §7.2), buckets (§7.3) and repair ranges (§7.4).

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read). Python standard library only; the functions take
anything with the fields of folio.v1.Article / folio.v1.Comment.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Sequence, Tuple

M64 = (1 << 64) - 1


@dataclass(frozen=True)
class Sum:
    """The (count, sum, comments) triple of SPEC.md §7.2 (ArchiveSum, BucketSum)."""
    count: int = 0
    total: int = 0
    comments: int = 0

    def add_article(self, item: int) -> "Sum":
        return Sum(self.count + 1, (self.total + item) & M64, self.comments)

    def add_comment(self, item: int) -> "Sum":
        return Sum(self.count, (self.total + item) & M64, self.comments + 1)

    def __add__(self, other: "Sum") -> "Sum":
        return Sum(self.count + other.count, (self.total + other.total) & M64, self.comments + other.comments)

    def __str__(self) -> str:
        return "(count %d, sum %d, comments %d)" % (self.count, self.total, self.comments)


def fnv_fmix(data: bytes) -> int:
    """fmix64(fnv1a64(data)) of SPEC.md §7.2."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & M64
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & M64
    h ^= h >> 33
    return h


def be64(value: int) -> bytes:
    return (value & M64).to_bytes(8, "big")


def be32(value: int) -> bytes:
    return (value & 0xFFFFFFFF).to_bytes(4, "big")


def canon_str(text: str) -> bytes:
    data = text.encode("utf-8")
    return be32(len(data)) + data


def canon_list(values: Sequence[str]) -> bytes:
    return be32(len(values)) + b"".join(canon_str(v) for v in values)


def canonical_article(a) -> bytes:
    """SPEC.md §7.2 canonical(a): every field of the article, in schema order."""
    return (be64(a.id) + be64(a.revision) + be64(a.news_code) + canon_str(a.language) + canon_str(a.title)
            + canon_str(a.lead) + canon_str(a.body) + canon_str(a.author) + canon_str(a.source)
            + be64(a.published_at) + be64(a.updated_at) + canon_list(a.regions) + canon_list(a.topics)
            + be32(a.kind) + be32(a.reading_minutes) + be32(len(a.related)) + b"".join(be64(r) for r in a.related))


def canonical_comment(c) -> bytes:
    """SPEC.md §7.2 canonical(c): the public fields of a comment."""
    return be64(c.id) + be64(c.article_id) + canon_str(c.name) + canon_str(c.text) + be64(c.created_at)


def digest(data: bytes) -> bytes:
    """be32(crc32) ‖ be32(adler32) (SPEC.md §7.2)."""
    return be32(zlib.crc32(data)) + be32(zlib.adler32(data))


def article_item(a) -> int:
    return fnv_fmix(b"\x41" + be64(a.id) + be64(a.revision) + digest(canonical_article(a)))


def comment_item(c) -> int:
    return fnv_fmix(b"\x43" + be64(c.id) + be64(c.article_id) + digest(canonical_comment(c)))


def valid_bucket_width(width: int) -> bool:
    """A power of two in 1…2^24 (SPEC.md §7.3); otherwise the client raises E602."""
    return 1 <= width <= (1 << 24) and width & (width - 1) == 0


def bucket_sums(items: Iterable[Tuple[str, int, int]], width: int) -> Dict[int, Sum]:
    """items: (kind "article" or "comment", the article id it belongs to, item hash).
    Returns the non-empty buckets of SPEC.md §7.3."""
    buckets: Dict[int, Sum] = {}
    for kind, article_id, item in items:
        bucket = article_id // width
        current = buckets.get(bucket, Sum())
        buckets[bucket] = current.add_article(item) if kind == "article" else current.add_comment(item)
    return buckets


def total_sum(buckets: Mapping[int, Sum]) -> Sum:
    result = Sum()
    for value in buckets.values():
        result = result + value
    return result


def differing_buckets(client: Mapping[int, Sum], server: Mapping[int, Sum]) -> List[int]:
    """Buckets whose triples differ; present on one side only counts (SPEC.md §7.4)."""
    return sorted(b for b in set(client) | set(server) if client.get(b, Sum()) != server.get(b, Sum()))


def bucket_ranges(buckets: Iterable[int], width: int) -> List[Tuple[int, int]]:
    """Inclusive id ranges of the buckets, adjacent ones merged, ascending (SPEC.md §7.4)."""
    ranges: List[Tuple[int, int]] = []
    for bucket in sorted(set(buckets)):
        first, last = bucket * width, bucket * width + width - 1
        if ranges and ranges[-1][1] + 1 == first:
            ranges[-1] = (ranges[-1][0], last)
        else:
            ranges.append((first, last))
    return ranges


def subtract_ranges(asked: List[Tuple[int, int]], settled: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """What remains of `asked` once `settled` is removed (SPEC.md §7.4)."""
    remaining: List[Tuple[int, int]] = []
    for first, last in asked:
        pieces = [(first, last)]
        for s_first, s_last in settled:
            next_pieces = []
            for p_first, p_last in pieces:
                if s_last < p_first or s_first > p_last:
                    next_pieces.append((p_first, p_last))
                    continue
                if p_first < s_first:
                    next_pieces.append((p_first, s_first - 1))
                if s_last < p_last:
                    next_pieces.append((s_last + 1, p_last))
            pieces = next_pieces
        remaining.extend(pieces)
    return remaining


def is_prefix_of(settled: List[Tuple[int, int]], asked: List[Tuple[int, int]]) -> bool:
    """True when `settled` is a non-empty prefix of `asked`, the last range possibly
    cut short (SPEC.md §7.4)."""
    if not settled or len(settled) > len(asked):
        return False
    for index, (first, last) in enumerate(settled):
        a_first, a_last = asked[index]
        if first != a_first:
            return False
        is_last = index == len(settled) - 1
        if last != a_last and not (is_last and a_first <= last < a_last):
            return False
    return True
