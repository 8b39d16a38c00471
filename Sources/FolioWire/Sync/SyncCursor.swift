/// The position of a client in a server's change sequence (SPEC.md §7.1).
///
/// Clients treat the encoded cursor as opaque bytes and send back exactly
/// what they last received. Only servers decode it.
///
/// ```text
/// 0x01 | epoch u64 BE | sequence u64 BE | crc32(previous 17 bytes) u32 BE   (21 bytes)
/// ```
public struct SyncCursor: Sendable, Hashable, Comparable {
    /// The encoding version byte.
    public static let version: UInt8 = 1
    /// The length of an encoded cursor.
    public static let encodedSize = 21

    /// The server epoch: changes when the server's sequence restarts
    /// (restore from backup, new database). Sequences of different epochs
    /// are not comparable.
    public var epoch: UInt64
    /// The global change sequence number of the last change applied.
    public var sequence: UInt64

    /// Creates a cursor.
    public init(epoch: UInt64, sequence: UInt64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    /// Decodes a cursor; 401 if `bytes` is not a valid encoding.
    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count == Self.encodedSize, bytes[0] == Self.version else {
            throw FolioWireError(.cursorMalformed, "cursor is not 21 bytes of version 1")
        }
        var reader = ByteReader(bytes, truncation: .cursorMalformed)
        _ = try reader.readByte()
        let epoch = try reader.readUInt64()
        let sequence = try reader.readUInt64()
        let crc = try reader.readUInt32()
        guard crc == ZlibChecksum.crc32(bytes[0..<17]) else {
            throw FolioWireError(.cursorMalformed, "cursor check value is wrong")
        }
        self.init(epoch: epoch, sequence: sequence)
    }

    /// The 21-byte encoding.
    public var encoded: [UInt8] {
        var out: [UInt8] = [Self.version]
        ByteWriter.appendBigEndian(epoch, width: 8, to: &out)
        ByteWriter.appendBigEndian(sequence, width: 8, to: &out)
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
