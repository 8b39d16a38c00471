import Foundation
import Testing
import FolioBenchKit

@Suite struct ZlibCounterTests {
    @Test func streamingGivesTheSameSizeAsOneShot() throws {
        let text = Array(String(repeating: "The railway corridor reopened on Monday. ", count: 4_000).utf8)
        let oneShot = try ZlibCounter.size(of: text, format: .gzip, level: 6)
        let streamed = try ZlibCounter(format: .gzip, level: 6)
        var start = 0
        while start < text.count {
            try streamed.write(text[start..<min(text.count, start + 777)])
            start += 777
        }
        #expect(try streamed.finish() == oneShot)
        #expect(streamed.inputBytes == text.count)
        #expect(oneShot < text.count / 20)
    }

    @Test func gzipAddsItsHeaderAndTrailerToZlib() throws {
        let text = Array("A short line of news.".utf8)
        // gzip: 10-byte header + 8-byte trailer; zlib: 2-byte header + 4-byte Adler-32.
        #expect(try ZlibCounter.size(of: text, format: .gzip, level: 6)
                == ZlibCounter.size(of: text, format: .zlib, level: 6) + 12)
    }

    @Test func writeAfterFinishThrows() throws {
        let counter = try ZlibCounter(format: .zlib, level: 9)
        try counter.finish()
        #expect(throws: BenchError.self) { try counter.write([1, 2, 3]) }
    }

    @Test(arguments: [("VmHWM:\t   52344 kB\nVmRSS:\t 1000 kB", "VmHWM", Int64(52_344 * 1_024)),
                      ("VmRSS:\t 1000 kB", "VmHWM", nil)])
    func readsPeakMemoryFromProcStatus(text: String, field: String, expected: Int64?) {
        #expect(PeakMemory.parse(text, field: field) == expected)
    }
}
