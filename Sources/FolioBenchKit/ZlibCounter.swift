import CZlib

/// Streams bytes through zlib's deflate and counts the compressed bytes, without
/// keeping them: the baselines need only sizes, and a whole archive as JSON is
/// hundreds of megabytes.
///
/// `@unchecked Sendable` is not claimed: the counter owns a `z_stream` and is
/// used by one task at a time.
public final class ZlibCounter {
    /// The output wrapper.
    public enum Format: Sendable {
        /// RFC 1952 gzip, as `gzip -N` writes (header and CRC-32 trailer).
        case gzip
        /// RFC 1950 zlib, as a deflated Folio frame payload is.
        case zlib
    }

    private var stream = z_stream()
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var finished = false
    /// Compressed bytes so far (all of them once ``finish()`` returned).
    public private(set) var compressedBytes = 0
    /// Bytes fed in.
    public private(set) var inputBytes = 0

    /// Starts a stream at `level` (1–9).
    public init(format: Format, level: Int32) throws {
        let bits: Int32 = format == .gzip ? 15 + 16 : 15
        let status = folio_deflateInit2(&stream, level, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else { throw BenchError("deflateInit2 failed: \(status)") }
    }

    deinit { deflateEnd(&stream) }

    /// Feeds `bytes`.
    public func write(_ bytes: some Collection<UInt8>) throws {
        guard !finished else { throw BenchError("write after finish") }
        var input = Array(bytes)
        inputBytes += input.count
        try input.withUnsafeMutableBufferPointer { pointer in
            stream.next_in = pointer.baseAddress
            stream.avail_in = UInt32(pointer.count)
            while stream.avail_in > 0 { try pump(Z_NO_FLUSH) }
        }
    }

    /// Ends the stream; returns the total compressed size.
    @discardableResult
    public func finish() throws -> Int {
        guard !finished else { return compressedBytes }
        finished = true
        stream.next_in = nil
        stream.avail_in = 0
        while try pump(Z_FINISH) != Z_STREAM_END {}
        return compressedBytes
    }

    @discardableResult
    private func pump(_ flush: Int32) throws -> Int32 {
        let capacity = buffer.count
        let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(capacity)
            return deflate(&stream, flush)
        }
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw BenchError("deflate failed: \(status)")
        }
        compressedBytes += capacity - Int(stream.avail_out)
        return status
    }

    /// The compressed size of `bytes` in one stream.
    public static func size(of bytes: some Collection<UInt8>, format: Format, level: Int32) throws -> Int {
        let counter = try ZlibCounter(format: format, level: level)
        try counter.write(bytes)
        return try counter.finish()
    }
}

/// A failure of the benchmark itself (not of the system it measures).
public struct BenchError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
