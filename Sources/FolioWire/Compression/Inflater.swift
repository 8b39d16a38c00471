import CZlib

/// Bounded zlib (RFC 1950) decompression with preset dictionaries (SPEC.md §9).
public enum Inflater {
    /// The size of each output step; limits are checked after every step.
    static let chunkSize = 16 * 1024

    /// Inflates exactly one complete zlib stream that fills all of `input`.
    ///
    /// - Parameters:
    ///   - input: the compressed payload.
    ///   - dictionary: the dictionary the stream's header must name, or nil
    ///     for a stream without FDICT (SPEC.md §9.2).
    ///   - limits: enforced on bytes actually produced (SPEC.md §9.3).
    /// - Throws: ``FolioWireError`` with code 201 (corrupt), 202 (truncated),
    ///   203 (too large), 204 (ratio), 205 (trailing data), 207 (dictionary
    ///   mismatch) or 208 (zlib failure).
    public static func inflate(_ input: [UInt8], dictionary: PresetDictionary?, limits: InflateLimits) throws -> [UInt8] {
        let header = try ZlibHeader(parsing: input)
        guard header.dictionaryID == dictionary?.id else {
            throw FolioWireError(.dictionaryMismatch, "stream dictionary id differs from the frame's")
        }
        var stream = z_stream()
        guard folio_inflateInit2(&stream, 15) == Z_OK else {
            throw FolioWireError(.zlibFailure, "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var input = input
        let total = input.count
        try input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                try limits.check(produced: output.count + produced, consumed: total - Int(stream.avail_in))
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    guard stream.avail_in == 0 else {
                        throw FolioWireError(.inflateTrailingData, "bytes follow the end of the zlib stream")
                    }
                    return
                case Z_NEED_DICT:
                    try setDictionary(dictionary, on: &stream)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw FolioWireError(.inflateTruncated, "zlib stream ends early")
                case Z_DATA_ERROR, Z_BUF_ERROR:
                    throw FolioWireError(.inflateCorrupt, "zlib stream is corrupt")
                default:
                    throw FolioWireError(.zlibFailure, "inflate failed (\(status))")
                }
            }
        }
        return output
    }

    private static func setDictionary(_ dictionary: PresetDictionary?, on stream: inout z_stream) throws {
        guard let dictionary else {
            throw FolioWireError(.dictionaryMismatch, "stream needs a dictionary the frame does not name")
        }
        let status = dictionary.bytes.withUnsafeBufferPointer { buffer in
            inflateSetDictionary(&stream, buffer.baseAddress, uInt(buffer.count))
        }
        guard status == Z_OK else {
            throw FolioWireError(.dictionaryMismatch, "dictionary rejected by zlib")
        }
    }
}
