"""Folio wire codec: frames (SPEC.md §5.2), deflate with preset dictionaries (§9),
body deltas (§8.2) and the reference cursor layout (§7.1).

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read). Python standard library + `protobuf`.
"""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from types import ModuleType
from typing import Dict, Mapping, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOL = os.path.dirname(HERE)
VECTORS = os.path.join(PROTOCOL, "vectors")

MAGIC = b"FOLW"
HEADER_V2 = 20
HEADER_V1 = 16
FRAME_CONTENT_TYPE = "application/vnd.folio.frame"


class WireError(Exception):
    """A protocol failure with its SPEC.md §12.1 code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__("E%d: %s" % (code, message))
        self.code = code


# ----------------------------------------------------------------- messages (§4)

_PB2: Optional[ModuleType] = None


def load_pb2(pb2_dir: Optional[str] = None) -> ModuleType:
    """Imports `folio_pb2`, generating it from folio.proto with `protoc` unless
    `pb2_dir` already holds it (SPEC.md §4.1: other languages generate their own)."""
    global _PB2
    if _PB2 is not None:
        return _PB2
    generated = pb2_dir is None
    if pb2_dir is None:
        pb2_dir = tempfile.mkdtemp(prefix="folio-pb2-")
        subprocess.check_call(["protoc", "--proto_path=" + PROTOCOL, "--python_out=" + pb2_dir,
                               os.path.join(PROTOCOL, "folio.proto")])
    sys.path.insert(0, pb2_dir)
    try:
        _PB2 = importlib.import_module("folio_pb2")
    finally:
        if generated:  # the module is loaded; the temporary directory is not needed any more
            sys.path.remove(pb2_dir)
            shutil.rmtree(pb2_dir, ignore_errors=True)
    return _PB2


# SPEC.md §5.2, table 2.
FRAME_TYPES: Dict[int, str] = {
    1: "PullRequest", 2: "PullResponse", 3: "PushRequest", 4: "PushResponse",
    5: "ChecksumRequest", 6: "ChecksumResponse", 7: "RepairRequest", 8: "RepairResponse",
    9: "SnapshotManifest", 10: "SnapshotChunk", 11: "ServerInfo", 12: "ErrorResponse"}
TYPE_NUMBERS: Dict[str, int] = {name: number for number, name in FRAME_TYPES.items()}

# SPEC.md §9.3 defaults (names as in vectors/frames-invalid.json).
DEFAULT_LIMITS: Dict[str, int] = {"maxFrameBytes": 8 << 20, "maxInflatedBytes": 16 << 20,
                                  "maxRatio": 100, "ratioGraceBytes": 64 << 10}


# ----------------------------------------------------------------- frames (§5.2)

@dataclass
class FrameHeader:
    """The checked 20-byte (or frozen 16-byte version-1) header of SPEC.md §5.2."""
    version: int
    ftype: int
    compressed: bool
    dictionary: int
    length: int
    crc: Optional[int]
    header_size: int

    @property
    def total(self) -> int:
        return self.header_size + self.length


def parse_header(body: bytes, limits: Mapping[str, int] = DEFAULT_LIMITS, version_expected: int = 2,
                 expected_type: Optional[int] = None) -> Optional[FrameHeader]:
    """Runs checks 1-5 of SPEC.md §5.2 on the bytes present so far.

    Returns None when the header is not complete yet (a body that ends there is
    E101, decided by the caller), so a reader can check a frame before it buffers
    its payload."""
    if body[:4] != MAGIC[:len(body[:4])]:
        raise WireError(102, "bad magic")
    size = HEADER_V2 if version_expected == 2 else HEADER_V1
    if len(body) < size:
        return None
    version, ftype, flags, reserved = body[4], body[5], body[6], body[7]
    if version != version_expected:
        raise WireError(103, "unsupported version %d" % version)
    if ftype not in FRAME_TYPES or (expected_type is not None and ftype != expected_type):
        raise WireError(104, "unknown or unexpected message type %d" % ftype)
    if flags & 0xFE or reserved:
        raise WireError(106, "reserved bits")
    dictionary = int.from_bytes(body[8:12], "big")
    compressed = bool(flags & 1)
    if dictionary and not compressed:
        raise WireError(106, "dictionary on uncompressed frame")
    length = int.from_bytes(body[12:16], "big")
    if length > limits["maxFrameBytes"]:
        raise WireError(105, "frame too large")
    crc = int.from_bytes(body[16:20], "big") if size == HEADER_V2 else None
    return FrameHeader(version, ftype, compressed, dictionary, length, crc, size)


def parse_frame(body: bytes, limits: Mapping[str, int] = DEFAULT_LIMITS, version_expected: int = 2,
                expected_type: Optional[int] = None) -> Tuple[int, bool, int, bytes]:
    """Returns (type, compressed, dictionary id, payload) of a body holding exactly
    one frame (SPEC.md §5.2 checks 1-7, in order)."""
    header = parse_header(body, limits, version_expected, expected_type)
    if header is None:
        raise WireError(101, "truncated header")
    if len(body) < header.total:
        raise WireError(101, "truncated payload")
    if len(body) > header.total:
        raise WireError(107, "trailing bytes")
    payload = body[header.header_size:header.total]
    if header.crc is not None and zlib.crc32(payload) != header.crc:
        raise WireError(109, "payload CRC-32 mismatch")
    return header.ftype, header.compressed, header.dictionary, payload


def encode_frame(ftype: int, payload: bytes, version: int = 2, dictionary: Optional[bytes] = None,
                 compress: bool = False) -> bytes:
    """One frame of SPEC.md §5.2; `compress` deflates the payload (§9.1), with
    `dictionary` as preset dictionary (§9.2) when given."""
    flags, dictionary_id = 0, 0
    if compress:
        if dictionary is not None:
            deflater = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=dictionary)
            dictionary_id = zlib.adler32(dictionary)
        else:
            deflater = zlib.compressobj(9)
        payload = deflater.compress(payload) + deflater.flush()
        flags = 1
    header = (MAGIC + bytes([version, ftype, flags, 0]) + dictionary_id.to_bytes(4, "big")
              + len(payload).to_bytes(4, "big"))
    if version == 2:
        header += zlib.crc32(payload).to_bytes(4, "big")
    return header + payload


# ----------------------------------------------------------------- compression (§9)

def _check_limits(produced: int, consumed: int, limits: Mapping[str, int]) -> None:
    if produced > limits["maxInflatedBytes"]:
        raise WireError(203, "inflated size above limit")
    if produced > limits["ratioGraceBytes"] and produced > consumed * limits["maxRatio"]:
        raise WireError(204, "inflate ratio above limit")


def inflate(data: bytes, dictionary: Optional[bytes], limits: Mapping[str, int] = DEFAULT_LIMITS) -> bytes:
    """Inflates one zlib stream that fills all of `data` (SPEC.md §9.1-§9.3),
    enforcing the limits on bytes actually produced."""
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
            _check_limits(len(out) + len(chunk), consumed, limits)
            out += chunk
    except zlib.error as error:
        raise WireError(201, "corrupt zlib stream: %s" % error)
    if not d.eof:
        raise WireError(202, "truncated zlib stream")
    if d.unused_data or fed < len(data):
        raise WireError(205, "junk after zlib stream")
    return bytes(out)


def decode_frame(body: bytes, pb2: ModuleType, dictionaries: Mapping[int, bytes],
                 limits: Mapping[str, int] = DEFAULT_LIMITS, version: int = 2,
                 expected_type: Optional[int] = None):
    """Checks and decodes one frame (SPEC.md §5.2 steps 1-9).

    Returns (type, compressed, dictionary id, inflated payload, message)."""
    ftype, compressed, dictionary_id, payload = parse_frame(body, limits, version, expected_type)
    plain = payload
    if compressed:
        dictionary = None
        if dictionary_id:
            if dictionary_id not in dictionaries:
                raise WireError(206, "unknown dictionary %d" % dictionary_id)
            dictionary = dictionaries[dictionary_id]
        plain = inflate(payload, dictionary, limits)
    message = getattr(pb2, FRAME_TYPES[ftype])()
    try:
        message.ParseFromString(plain)
    except Exception as error:  # google.protobuf.message.DecodeError and UTF-8 errors
        raise WireError(108, "malformed payload: %s" % error)
    return ftype, compressed, dictionary_id, plain, message


# ----------------------------------------------------------------- deltas (§8.2)

def read_varint(data: bytes, pos: int) -> Tuple[int, int]:
    """Unsigned LEB128 of at most 9 bytes (SPEC.md §8.2)."""
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


def _read_u32(data: bytes, pos: int) -> Tuple[int, int]:
    if pos + 4 > len(data):
        raise WireError(301, "truncated")
    return int.from_bytes(data[pos:pos + 4], "big"), pos + 4


def apply_delta(delta: bytes, base: bytes, max_target: int = 4 << 20) -> bytes:
    """Applies a copy/insert body delta to the base body's UTF-8 bytes (SPEC.md §8.2):
    E301 malformed, E302 other base, E303 too large, E304 wrong result."""
    if delta[:3] != b"FD\x01":
        raise WireError(301, "bad delta magic")
    pos = 3
    base_len, pos = read_varint(delta, pos)
    base_crc, pos = _read_u32(delta, pos)
    if base_len != len(base) or base_crc != zlib.crc32(base):
        raise WireError(302, "delta made against another base")
    target_len, pos = read_varint(delta, pos)
    target_crc, pos = _read_u32(delta, pos)
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
    try:
        out.decode("utf-8")
    except UnicodeDecodeError:
        raise WireError(304, "target is not UTF-8")
    return bytes(out)


# ----------------------------------------------------------------- cursors (§7.1)

def decode_cursor(data: bytes) -> Tuple[int, int, int, int]:
    """(epoch, sequence, settled, first_head) of a reference-server cursor:
    37 bytes of layout 2, or 21 bytes of layout 1 (settled at its sequence).
    Clients treat cursors as opaque (SPEC.md §7.1); this is for tests and
    diagnostics only."""
    size = 37 if data[:1] == b"\x02" else 21
    if len(data) != size or data[0] not in (1, 2) \
            or int.from_bytes(data[size - 4:size], "big") != zlib.crc32(data[:size - 4]):
        raise WireError(401, "malformed cursor")
    epoch, sequence = int.from_bytes(data[1:9], "big"), int.from_bytes(data[9:17], "big")
    settled, first_head = sequence, sequence
    if size == 37:
        settled, first_head = int.from_bytes(data[17:25], "big"), int.from_bytes(data[25:33], "big")
    if settled > sequence or settled > first_head:
        raise WireError(401, "malformed cursor")
    return epoch, sequence, settled, first_head


def encode_cursor(epoch: int, sequence: int, settled: Optional[int] = None, first_head: Optional[int] = None) -> bytes:
    """The 37-byte reference cursor of SPEC.md §7.1."""
    settled = sequence if settled is None else settled
    first_head = sequence if first_head is None else first_head
    head = (bytes([2]) + epoch.to_bytes(8, "big") + sequence.to_bytes(8, "big") + settled.to_bytes(8, "big")
            + first_head.to_bytes(8, "big"))
    return head + zlib.crc32(head).to_bytes(4, "big")
