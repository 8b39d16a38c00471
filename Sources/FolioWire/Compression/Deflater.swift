import CZlib

/// zlib (RFC 1950) compression with an optional preset dictionary (SPEC.md §9.1).
public enum Deflater {
    /// Compresses `input` into one complete zlib stream.
    ///
    /// - Parameters:
    ///   - dictionary: a preset dictionary; its id is written as DICTID.
    ///   - level: zlib level 0...9; the protocol's vectors use 9.
    /// - Throws: ``FolioWireError/Code/zlibFailure`` if zlib fails.
    public static func deflate(_ input: [UInt8], dictionary: PresetDictionary? = nil, level: Int32 = 9) throws -> [UInt8] {
        var stream = z_stream()
        let windowBits: Int32 = 15
        guard folio_deflateInit2(&stream, level, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw FolioWireError(.zlibFailure, "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        if let dictionary {
            let status = dictionary.bytes.withUnsafeBufferPointer { buffer in
                deflateSetDictionary(&stream, buffer.baseAddress, uInt(buffer.count))
            }
            guard status == Z_OK else { throw FolioWireError(.zlibFailure, "deflateSetDictionary failed") }
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            var result = Z_OK
            repeat {
                result = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    return CZlib.deflate(&stream, Z_FINISH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
            } while result == Z_OK
            return result
        }
        guard status == Z_STREAM_END else { throw FolioWireError(.zlibFailure, "deflate failed (\(status))") }
        return output
    }
}
