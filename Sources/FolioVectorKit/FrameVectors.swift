import Foundation
import FolioWire
import SwiftProtobuf

/// Builds `frames.json` and `frames-invalid.json` (SPEC.md §16.1, §16.2).
struct FrameVectors {
    let english: PresetDictionary
    let persian: PresetDictionary

    /// Entries of `frames.json`: each frame's hex, its decoded message in the
    /// proto3 JSON mapping, and whether re-encoding the decoded message
    /// gives the same bytes.
    func valid() throws -> [[String: Any]] {
        let (checksumRequest, checksumResponse) = try Samples.checksumExchange()
        let (repairRequest, repairResponse) = Samples.repairExchange()
        let (manifest, chunk) = Samples.snapshot(dictionary: english)
        let page = Samples.page(language: "en")
        var entries: [[String: Any]] = [
            try entry("server-info", Samples.serverInfo(dictionaries: [english, persian])),
            try entry("pull-request-initial", Samples.initialPull(dictionaries: [english, persian])),
            try entry("pull-request-long-poll", Samples.longPoll()),
            try entry("pull-request-empty", WirePullRequest()),
            try entry("pull-response-page", page),
            try entry("pull-response-page-deflate", page, compression: .deflate(dictionary: nil)),
            try entry("pull-response-page-deflate-dictionary", page, compression: .deflate(dictionary: english)),
            try entry("pull-response-page-fa-deflate-dictionary", Samples.page(language: "fa"),
                      compression: .deflate(dictionary: persian)),
            try entry("push-request", Samples.push()),
            try entry("push-response", Samples.pushResponse()),
            try entry("push-response-rate-limited", Samples.rateLimitedPushResponse()),
            try entry("checksum-request", checksumRequest),
            try entry("checksum-response", checksumResponse),
            try entry("repair-request", repairRequest),
            try entry("repair-response", repairResponse),
            try entry("snapshot-manifest", manifest),
            try entry("snapshot-chunk-deflate-dictionary", chunk, compression: .deflate(dictionary: english)),
            try entry("repair-response-partial", Samples.partialRepairResponse()),
            try version1Entry("error-version-unsupported", Samples.versionError()),
        ]
        entries.append(try unknownFieldEntry())
        return entries
    }

    private func entry<M: FrameMessage>(_ name: String, _ message: M, compression: FrameCompression = .none) throws -> [String: Any] {
        let codec = FrameCodec(dictionaries: [english, persian])
        let frame = try codec.frame(for: message, compression: compression)
        return try describe(name, frame: frame, message: message, roundtrip: !frame.isCompressed)
    }

    /// The frozen version 1 answer to an old client (SPEC.md §5.3).
    private func version1Entry<M: FrameMessage>(_ name: String, _ message: M) throws -> [String: Any] {
        let frame = try FrameCodec().frame(for: message)
        var entry = try describe(name, frame: frame, message: message, roundtrip: true)
        entry["hex"] = Hex.encode(frame.encodedVersion1())
        entry["version"] = 1
        return entry
    }

    private func describe<M: FrameMessage>(_ name: String, frame: Frame, message: M, roundtrip: Bool) throws -> [String: Any] {
        let json = try message.jsonString(options: Self.jsonOptions)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return [
            "name": name,
            "type": Int(frame.type.rawValue),
            "compressed": frame.isCompressed,
            "dictionary": Int(frame.dictionaryID),
            "version": Int(Frame.version),
            "hex": Hex.encode(frame.encoded()),
            "payload": Hex.encode(try message.serializedBytes() as [UInt8]),
            "decoded": decoded,
            "roundtrip": roundtrip,
        ]
    }

    /// A server-info frame whose payload carries field 99 (unknown to v1):
    /// it must decode, and re-encoding keeps the unknown field (SPEC.md §4.3).
    private func unknownFieldEntry() throws -> [String: Any] {
        var info = WireServerInfo()
        info.protocolVersions = [2]
        var payload: [UInt8] = try info.serializedBytes()
        payload += [0x9A, 0x06, 0x03, 0x6E, 0x65, 0x77] // field 99, length-delimited, "new"
        let frame = Frame(type: .serverInfo, isCompressed: false, dictionaryID: 0, payload: payload)
        let decoded = try WireServerInfo(serializedBytes: payload)
        var entry = try describe("server-info-unknown-field", frame: frame, message: decoded, roundtrip: true)
        entry["payload"] = Hex.encode(payload)
        return entry
    }

    static var jsonOptions: JSONEncodingOptions {
        var options = JSONEncodingOptions()
        options.alwaysPrintEnumsAsInts = false
        options.preserveProtoFieldNames = false
        return options
    }

    /// Entries of `frames-invalid.json`: bytes that MUST be rejected with `error`.
    func invalid() throws -> [[String: Any]] {
        let codec = FrameCodec(dictionaries: [english, persian])
        let info = try codec.encode(Samples.serverInfo(dictionaries: [english]))
        let page = try codec.frame(for: Samples.page(language: "en"), compression: .deflate(dictionary: english))
        func header(version: UInt8 = Frame.version, type: UInt8 = 11, flags: UInt8 = 0, reserved: UInt8 = 0,
                    dictionary: UInt32 = 0, length: UInt32, payload: [UInt8] = [], crc: UInt32? = nil) -> [UInt8] {
            var out = Frame.magic + [version, type, flags, reserved]
            for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: dictionary >> UInt32(shift))) }
            for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
            let check = crc ?? ZlibChecksum.crc32(payload)
            for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: check >> UInt32(shift))) }
            return out + payload
        }
        func withPayload(_ payload: [UInt8], dictionary: PresetDictionary?) -> [UInt8] {
            Frame(type: .pullResponse, isCompressed: true, dictionaryID: dictionary?.id ?? 0, payload: payload).encoded()
        }
        var flipped = page.payload
        flipped[flipped.count - 1] ^= 0x01
        var badHeader = page.payload
        badHeader[0] ^= 0x01
        let plainPage: [UInt8] = try Samples.page(language: "en").serializedBytes()
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let bomb = try Deflater.deflate(zeros)
        let ratioBomb = try Deflater.deflate(Array(zeros.prefix(512 << 10)))
        let wrongDictionary = try Deflater.deflate(plainPage, dictionary: persian)
        let bomb203 = ["maxFrameBytes": 8 << 20, "maxInflatedBytes": 256 << 10, "maxRatio": 1_000_000, "ratioGraceBytes": 65536]
        return [
            bad("empty-body", [], 101),
            bad("truncated-header", Array(info.prefix(9)), 101),
            bad("truncated-header-before-crc", Array(info.prefix(17)), 101),
            bad("truncated-payload", Array(info.dropLast(1)), 101),
            bad("bad-magic", [0x46, 0x4F, 0x4C, 0x58] + info.dropFirst(4), 102),
            bad("http-text-instead-of-frame", Array("<html>".utf8), 102),
            bad("version-1", header(version: 1, length: 0), 103),
            bad("version-3", header(version: 3, length: 0), 103),
            bad("type-0", header(type: 0, length: 0), 104),
            bad("type-13", header(type: 13, length: 0), 104),
            bad("reserved-flag-bit", header(flags: 0x02, length: 0), 106),
            bad("reserved-byte", header(reserved: 1, length: 0), 106),
            bad("dictionary-without-compression", header(dictionary: english.id, length: 0), 106),
            bad("length-above-limit", header(length: 65), 105, limits: ["maxFrameBytes": 64]),
            bad("length-4-gib", header(length: UInt32.max), 105),
            bad("trailing-bytes", info + [0x00], 107),
            bad("two-frames-in-one-body", info + info, 107),
            bad("payload-bit-flip", Array(info.prefix(Frame.headerSize)) + [info[Frame.headerSize] ^ 0x04]
                + info.dropFirst(Frame.headerSize + 1), 109),
            bad("crc-field-wrong", header(length: 2, payload: [0x08, 0x02], crc: 0xDEAD_BEEF), 109),
            bad("compressed-payload-bit-flip", Array(page.encoded().prefix(Frame.headerSize))
                + [page.payload[0] ^ 0x01] + page.payload.dropFirst(), 109),
            bad("protobuf-truncated-field", header(length: 3, payload: [0x0A, 0x05, 0x01]), 108),
            bad("protobuf-wire-type-7", header(length: 2, payload: [0x0F, 0x00]), 108),
            bad("protobuf-invalid-utf8", header(type: 12, length: 3, payload: [0x12, 0x01, 0xFF]), 108),
            bad("zlib-bad-header", withPayload(badHeader, dictionary: english), 201),
            bad("zlib-adler32-bit-flip", withPayload(flipped, dictionary: english), 201),
            bad("zlib-truncated", withPayload(Array(page.payload.dropLast(5)), dictionary: english), 202),
            bad("zlib-two-bytes-only", withPayload(Array(page.payload.prefix(2)), dictionary: english), 202),
            bad("zlib-inflates-past-limit", withPayload(bomb, dictionary: nil), 203, limits: bomb203),
            bad("zlib-ratio-bomb", withPayload(ratioBomb, dictionary: nil), 204),
            bad("zlib-junk-after-stream", withPayload(page.payload + [0x00, 0x01], dictionary: english), 205),
            bad("dictionary-unknown", Frame(type: .pullResponse, isCompressed: true, dictionaryID: 0x1234_5678,
                                            payload: page.payload).encoded(), 206),
            bad("dictionary-differs-from-stream", withPayload(wrongDictionary, dictionary: english), 207),
            bad("stream-needs-unnamed-dictionary", withPayload(page.payload, dictionary: nil), 207),
        ]
    }

    private func bad(_ name: String, _ bytes: [UInt8], _ code: Int, limits: [String: Int]? = nil) -> [String: Any] {
        var entry: [String: Any] = ["name": name, "hex": Hex.encode(bytes), "error": code]
        if let limits { entry["limits"] = limits }
        return entry
    }
}
