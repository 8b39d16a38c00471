import Foundation
import FolioWire
import SwiftProtobuf
import Testing

/// `frames.json` and `frames-invalid.json` (SPEC.md §16.1, §16.2), decoded
/// all at once, one byte at a time and in odd-sized pieces.
@Suite struct FrameVectorTests {
    static let splits: [[Int]] = [[Int.max], [1], [3, 7, 1], [16], [15, 2]]

    static func codec(_ limits: FrameLimits = .default) throws -> FrameCodec {
        FrameCodec(limits: limits, dictionaries: try Vectors.dictionaries())
    }

    static func canonicalJSON(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    @Test func everyVectorFileExistsAndIsNotEmpty() throws {
        for name in Vectors.fileNames {
            _ = try Vectors.json(name)
        }
        #expect(try Vectors.list("frames.json").count >= 15)
        #expect(try Vectors.list("frames-invalid.json").count >= 20)
    }

    @Test(arguments: splits)
    func validFramesDecodeToTheirMessages(pieces: [Int]) throws {
        let codec = try Self.codec()
        for entry in try Vectors.list("frames.json") {
            let name = entry["name"] as? String ?? "?"
            let bytes = try Vectors.bytes(entry)
            let version1 = entry["version"] as? Int == 1
            let frame = version1
                ? try Frame.decodeVersion1(bytes, limits: codec.limits)
                : try BodyReader.read(bytes, pieces: pieces, limits: codec.limits)
            #expect(Int(frame.type.rawValue) == entry["type"] as? Int, "\(name)")
            #expect(frame.isCompressed == entry["compressed"] as? Bool, "\(name)")
            #expect(Int(frame.dictionaryID) == entry["dictionary"] as? Int, "\(name)")
            #expect(try codec.plainPayload(of: frame) == Vectors.bytes(entry, "payload"), "\(name)")
            let message = try codec.decodeMessage(from: frame)
            let json = try JSONSerialization.jsonObject(with: Data(try message.jsonString().utf8))
            #expect(try Self.canonicalJSON(json) == Self.canonicalJSON(entry["decoded"] ?? [:]), "\(name)")
            if entry["roundtrip"] as? Bool == true {
                let again = Frame(type: frame.type, isCompressed: false, dictionaryID: 0,
                                  payload: try message.serializedBytes())
                #expect((version1 ? again.encodedVersion1() : again.encoded()) == bytes, "\(name) does not round-trip")
            }
        }
    }

    @Test func aStreamOfAllValidFramesDecodesOneByteAtATime() throws {
        let entries = try Vectors.list("frames.json").filter { $0["version"] as? Int == Int(Frame.version) }
        let stream = try entries.flatMap { try Vectors.bytes($0) }
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for byte in stream {
            decoder.append([byte])
            while let frame = try decoder.nextFrame() { frames.append(frame) }
        }
        try decoder.finish()
        #expect(frames.map { $0.encoded() } == (try entries.map { try Vectors.bytes($0) }))
    }

    @Test(arguments: splits)
    func invalidFramesAreRejectedWithTheirCode(pieces: [Int]) throws {
        for entry in try Vectors.list("frames-invalid.json") {
            let limits = Vectors.limits(entry)
            let codec = try Self.codec(limits)
            let bytes = try Vectors.bytes(entry)
            let code = Vectors.code {
                let frame = try BodyReader.read(bytes, pieces: pieces, limits: limits)
                _ = try codec.decodeMessage(from: frame)
            }
            #expect(code == entry["error"] as? Int, "\(entry["name"] ?? "?")")
            let single = Vectors.code { _ = try codec.decodeMessage(from: Frame.decodeSingle(bytes, limits: limits)) }
            #expect(single == entry["error"] as? Int, "\(entry["name"] ?? "?") via decodeSingle")
        }
    }

    @Test func everyTruncationOfAValidFrameIsRejectedAsTruncated() throws {
        let codec = try Self.codec()
        for entry in try Vectors.list("frames.json") where entry["version"] as? Int == Int(Frame.version) {
            let bytes = try Vectors.bytes(entry)
            for length in 0..<bytes.count {
                let code = Vectors.code { _ = try codec.decodeMessage(from: Frame.decodeSingle(Array(bytes.prefix(length)))) }
                #expect(code == FolioWireError.Code.frameTruncated.rawValue, "\(entry["name"] ?? "?") cut at \(length)")
            }
        }
    }

    @Test func bitFlipsNeverCrashAndOnlyThrowFolioWireErrors() throws {
        let codec = try Self.codec()
        var rejected = 0
        for entry in try Vectors.list("frames.json") {
            let bytes = try Vectors.bytes(entry)
            let step = max(1, bytes.count / 300)
            for index in stride(from: 0, to: bytes.count, by: step) {
                for bit in 0..<8 {
                    var corrupt = bytes
                    corrupt[index] ^= UInt8(1) << UInt8(bit)
                    let code = Vectors.code { _ = try codec.decodeMessage(from: Frame.decodeSingle(corrupt)) }
                    #expect(code != -1, "non-FolioWireError for \(entry["name"] ?? "?") byte \(index) bit \(bit)")
                    if code != nil { rejected += 1 }
                }
            }
        }
        #expect(rejected > 0)
    }

    @Test func compressedFrameBitFlipsAreDetectedOrHarmless() throws {
        let codec = try Self.codec()
        for entry in try Vectors.list("frames.json") where entry["compressed"] as? Bool == true {
            let bytes = try Vectors.bytes(entry)
            for index in Frame.headerSize..<bytes.count {
                var corrupt = bytes
                corrupt[index] ^= 0x10
                // A flip is either detected, or it hit bits the format ignores
                // (padding after the last block) and the payload is unchanged.
                var output: [UInt8]?
                let code = Vectors.code { output = try codec.plainPayload(of: Frame.decodeSingle(corrupt)) }
                #expect(code != -1)
                if code == nil {
                    #expect(output == (try Vectors.bytes(entry, "payload")), "flip at \(index) of \(entry["name"] ?? "?") changed the payload unnoticed")
                }
            }
        }
    }
}
