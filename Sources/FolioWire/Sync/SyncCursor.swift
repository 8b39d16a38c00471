/// The position of a client in a server's change sequence (SPEC.md §7.1).
///
/// Clients treat the encoded cursor as opaque bytes and send back exactly
/// what they last received. Only servers decode it.
///
/// ```text
/// 0x02 | epoch u64 BE | sequence u64 BE | settled u64 BE | first head u64 BE | crc32(previous 33 bytes) u32 BE   (37 bytes)
/// 0x01 | epoch u64 BE | sequence u64 BE | crc32(previous 17 bytes) u32 BE                                        (21 bytes, still read)
/// ```
///
/// `settled` is the head of the client's last complete catch-up (a page
/// with `more_available` false): the client then held exactly the server's
/// state at that sequence. `firstHead` is the server's head when the first
/// page of the catch-up in progress was read. Pages carry both on, so the
/// server knows which revision a client holds of an article it has not sent
/// yet (SPEC.md §8.1). A version 1 cursor is settled at its sequence.
public struct SyncCursor: Sendable, Hashable, Comparable {
    /// The encoding version byte the reference server writes.
    public static let version: UInt8 = 2
    /// The length of an encoded cursor.
    public static let encodedSize = 37
    /// The length of a version 1 cursor, which servers still read.
    public static let version1Size = 21

    /// The server epoch: changes when the server's sequence restarts
    /// (restore from backup, new database). Sequences of different epochs
    /// are not comparable.
    public var epoch: UInt64
    /// The global change sequence number of the last change applied.
    public var sequence: UInt64
    /// The head of the client's last complete catch-up, at most ``sequence``.
    public var settled: UInt64
    /// The server's head when the first page of the catch-up in progress was
    /// read, at least ``settled``; equal to ``sequence`` after a complete catch-up.
    public var firstHead: UInt64

    /// Creates a cursor; `settled` and `firstHead` default to `sequence` (a
    /// complete catch-up).
    public init(epoch: UInt64, sequence: UInt64, settled: UInt64? = nil, firstHead: UInt64? = nil) {
        self.epoch = epoch
        self.sequence = sequence
        self.settled = min(settled ?? sequence, sequence)
        self.firstHead = max(firstHead ?? sequence, self.settled)
    }

    /// Decodes a cursor of either version; 401 if `bytes` is not a valid encoding.
    public init(decoding bytes: [UInt8]) throws {
        let size = bytes.first == Self.version ? Self.encodedSize : Self.version1Size
        guard bytes.count == size, bytes[0] == Self.version || bytes[0] == 1 else {
            throw FolioWireError(.cursorMalformed, "cursor is not 37 bytes of version 2 or 21 bytes of version 1")
        }
        var reader = ByteReader(bytes, truncation: .cursorMalformed)
        _ = try reader.readByte()
        let epoch = try reader.readUInt64()
        let sequence = try reader.readUInt64()
        let settled = bytes[0] == Self.version ? try reader.readUInt64() : sequence
        let firstHead = bytes[0] == Self.version ? try reader.readUInt64() : sequence
        let crc = try reader.readUInt32()
        guard crc == ZlibChecksum.crc32(bytes[0..<(size - 4)]) else {
            throw FolioWireError(.cursorMalformed, "cursor check value is wrong")
        }
        guard settled <= sequence, settled <= firstHead else {
            throw FolioWireError(.cursorMalformed, "cursor sequences are out of order")
        }
        self.init(epoch: epoch, sequence: sequence, settled: settled, firstHead: firstHead)
    }

    /// The 37-byte encoding.
    public var encoded: [UInt8] {
        var out: [UInt8] = [Self.version]
        ByteWriter.appendBigEndian(epoch, width: 8, to: &out)
        ByteWriter.appendBigEndian(sequence, width: 8, to: &out)
        ByteWriter.appendBigEndian(settled, width: 8, to: &out)
        ByteWriter.appendBigEndian(firstHead, width: 8, to: &out)
        ByteWriter.appendBigEndian(UInt64(ZlibChecksum.crc32(out)), width: 4, to: &out)
        return out
    }

    /// Checks that the cursor belongs to `epoch`; 402 otherwise (SPEC.md §7.1).
    public func requireEpoch(_ epoch: UInt64) throws {
        guard self.epoch == epoch else {
            throw FolioWireError(.cursorEpochMismatch, "cursor belongs to another server epoch")
        }
    }

    /// Orders by epoch, then sequence. Only same-epoch order is meaningful.
    public static func < (lhs: SyncCursor, rhs: SyncCursor) -> Bool {
        (lhs.epoch, lhs.sequence) < (rhs.epoch, rhs.sequence)
    }
}
