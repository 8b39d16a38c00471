#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FolioWire
import Testing

/// A 1 MB body that would inflate to 1 GiB is rejected with bounded memory
/// (SPEC.md §9.3).
@Suite struct DecompressionBombTests {
    static let gigabyteBomb = Bomb.zeros(count: 1 << 30)

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
        #endif
    }

    @Test func theBombIsAboutOneMegabyte() {
        #expect(Self.gigabyteBomb.count > 900_000 && Self.gigabyteBomb.count < 1_200_000)
    }

    @Test func defaultLimitsRejectTheBombByItsRatio() throws {
        let before = Self.peakResidentBytes()
        let frame = Frame(type: .pullResponse, isCompressed: true, dictionaryID: 0, payload: Self.gigabyteBomb)
        let code = Vectors.code { _ = try FrameCodec().decodeMessage(from: Frame.decodeSingle(frame.encoded())) }
        #expect(code == FolioWireError.Code.inflateRatioExceeded.rawValue)
        #expect(Self.peakResidentBytes() - before < 64 << 20)
    }

    @Test func withoutARatioLimitTheSizeLimitStopsTheBomb() throws {
        let before = Self.peakResidentBytes()
        let limits = InflateLimits(maxInflatedBytes: 16 << 20, maxRatio: Int.max, ratioGraceBytes: 0)
        let code = Vectors.code { _ = try Inflater.inflate(Self.gigabyteBomb, dictionary: nil, limits: limits) }
        #expect(code == FolioWireError.Code.inflateTooLarge.rawValue)
        #expect(Self.peakResidentBytes() - before < 64 << 20)
    }

    @Test(arguments: [0, 1, 16_383, 16_384, 16_385, 65_536])
    func outputExactlyAtTheSizeLimitIsAcceptedAndOneMoreByteIsNot(size: Int) throws {
        let packed = try Deflater.deflate([UInt8](repeating: 7, count: size))
        let exact = InflateLimits(maxInflatedBytes: size, maxRatio: Int.max, ratioGraceBytes: 0)
        #expect(try Inflater.inflate(packed, dictionary: nil, limits: exact).count == size)
        if size > 0 {
            let tight = InflateLimits(maxInflatedBytes: size - 1, maxRatio: Int.max, ratioGraceBytes: 0)
            #expect(Vectors.code { _ = try Inflater.inflate(packed, dictionary: nil, limits: tight) } == 203)
        }
    }

    @Test func everyTruncationOfAStreamIsRejected() throws {
        let packed = try Deflater.deflate(Array("Kabul, Tashkent, Dushanbe, Islamabad. ".utf8))
        for length in 0..<packed.count {
            let code = Vectors.code { _ = try Inflater.inflate(Array(packed.prefix(length)), dictionary: nil, limits: .default) }
            #expect(code == FolioWireError.Code.inflateTruncated.rawValue, "cut at \(length)")
        }
    }

    @Test func dictionariesRoundTripAndMustMatch() throws {
        let dictionaries = try Vectors.dictionaries()
        let text = Array("Officials in Islamabad said on Tuesday that cross-border trade had fallen sharply.".utf8)
        let packed = try Deflater.deflate(text, dictionary: dictionaries[0])
        #expect(try Inflater.inflate(packed, dictionary: dictionaries[0], limits: .default) == text)
        #expect(Vectors.code { _ = try Inflater.inflate(packed, dictionary: dictionaries[1], limits: .default) } == 207)
        #expect(Vectors.code { _ = try Inflater.inflate(packed, dictionary: nil, limits: .default) } == 207)
        #expect(Vectors.code { _ = try PresetDictionary(bytes: [1], language: "en", version: 1, expectedID: 5) } == 207)
    }
}
