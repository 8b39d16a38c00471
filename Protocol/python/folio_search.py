"""Folio search normalisation (SPEC.md §13): folding, tokens and matching.

Written from Protocol/SPEC.md and Protocol/vectors only (no Swift code was
read). Python standard library only.
"""
from __future__ import annotations

import bisect
import json
import os
import unicodedata
from typing import Dict, Iterable, List, Set

FOLDING_VERSION = 2  # SPEC.md §13.4
MAX_QUERY_TOKENS = 16  # SPEC.md §13.3

# SPEC.md §13.1 step 2: scalars removed after decomposition (inclusive ranges).
_REMOVED = [(0x0300, 0x036F), (0x0610, 0x061A), (0x061C, 0x061C), (0x064B, 0x065F), (0x0670, 0x0670),
            (0x0640, 0x0640), (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED),
            (0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFEFF, 0xFEFF)]

# SPEC.md §13.1 step 3.
_MAPPED: Dict[int, int] = {0x064A: 0x06CC, 0x0649: 0x06CC, 0x0643: 0x06A9, 0x0629: 0x0647, 0x06D5: 0x0647,
                           0x0671: 0x0627}
_MAPPED.update({0x0660 + d: 0x30 + d for d in range(10)})
_MAPPED.update({0x06F0 + d: 0x30 + d for d in range(10)})

# SPEC.md §13.1 step 4, after lowercasing: lowercase letters with another case-folded form.
_CASE_FOLDED: Dict[int, int] = {0x00B5: 0x03BC, 0x017F: 0x0073, 0x03C2: 0x03C3, 0x03D0: 0x03B2, 0x03D1: 0x03B8,
                                0x03D5: 0x03C6, 0x03D6: 0x03C0, 0x03F0: 0x03BA, 0x03F1: 0x03C1, 0x03F5: 0x03B5}

# SPEC.md §13.2: the token characters are the listed ranges (vectors/search-token-characters.json),
# not this Python's Unicode categories.
with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vectors",
                       "search-token-characters.json"), encoding="utf-8") as _file:
    _TOKEN_RANGES = json.load(_file)["ranges"]
_TOKEN_FIRSTS = [first for first, _ in _TOKEN_RANGES]


def is_token_character(ch: str) -> bool:
    index = bisect.bisect_right(_TOKEN_FIRSTS, ord(ch)) - 1
    return index >= 0 and _TOKEN_RANGES[index][0] <= ord(ch) <= _TOKEN_RANGES[index][1]


class EmptyQuery(ValueError):
    """A query without tokens is an error for the caller (SPEC.md §13.3)."""


def _removed(code: int) -> bool:
    return any(low <= code <= high for low, high in _REMOVED)


def fold(text: str) -> str:
    """The five literal steps of SPEC.md §13.1: NFD, remove, map, lowercase (and case-fold), NFC."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        code = ord(ch)
        if _removed(code):
            continue
        out.append(chr(_MAPPED.get(code, code)))
    lowered = "".join(chr(_CASE_FOLDED.get(ord(ch), ord(ch))) for ch in "".join(out).lower())
    return unicodedata.normalize("NFC", lowered)


def tokens(folded: str) -> List[str]:
    """Maximal runs of token characters (SPEC.md §13.2)."""
    result: List[str] = []
    current: List[str] = []
    for ch in folded:
        if is_token_character(ch):
            current.append(ch)
        elif current:
            result.append("".join(current))
            current = []
    if current:
        result.append("".join(current))
    return result


def query_tokens(query: str) -> List[str]:
    """The first 16 tokens of the folded query; raises EmptyQuery when there are none."""
    found = tokens(fold(query))[:MAX_QUERY_TOKENS]
    if not found:
        raise EmptyQuery("store.empty_query")
    return found


def matches(query: List[str], document_tokens: Iterable[str]) -> bool:
    """SPEC.md §13.3: every query token is a prefix of some document token; a
    one-character query token must equal a token."""
    held: Set[str] = set(document_tokens)
    for token in query:
        if len(token) == 1:
            if token not in held:
                return False
        elif not any(t.startswith(token) for t in held):
            return False
    return True


def index_text(title: str, lead: str, body: str) -> str:
    """The folded text a client indexes for one article (title, lead and body)."""
    return "\n".join(fold(part) for part in (title, lead, body))
