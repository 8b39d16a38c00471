import CZlib

/// Builds zlib streams of `count` zero bytes without holding them in memory,
/// so a 1 GiB decompression bomb costs about 1 MiB.
enum Bomb {
    static func zeros(count: Int) -> [UInt8] {
        var stream = z_stream()
        guard folio_deflateInit2(&stream, 9, Z_DEFLATED, 15, 9, Z_DEFAULT_STRATEGY) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var input = [UInt8](repeating: 0, count: 1 << 20)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var output: [UInt8] = []
        var remaining = count
        while true {
            let take = min(remaining, input.count)
            remaining -= take
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            var status = Z_OK
            input.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(take)
                repeat {
                    status = chunk.withUnsafeMutableBufferPointer { outBuffer in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = uInt(outBuffer.count)
                        return deflate(&stream, flush)
                    }
                    output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                } while stream.avail_out == 0 || stream.avail_in > 0
            }
            if remaining == 0 { return status == Z_STREAM_END ? output : [] }
        }
    }
}
