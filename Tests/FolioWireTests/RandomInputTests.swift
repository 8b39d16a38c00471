import FolioWire
import Testing

/// Random and hostile bytes never crash a decoder; they only throw
/// `FolioWireError` (SPEC.md §5.2, §7.1, §8.2, §9).
@Suite struct RandomInputTests {
    /// A small deterministic generator (xorshift64*).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomBytesOnlyEverThrowFolioWireErrors(seed: UInt64) throws {
        var random = Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        let dictionaries = try Vectors.dictionaries()
        let codec = FrameCodec(dictionaries: dictionaries)
        for round in 0..<500 {
            let body = random.bytes(Int(random.next() % 200))
            // A valid header in front of random payloads reaches the deeper decoders.
            let type = FrameType.allCases[round % FrameType.allCases.count]
            let compressed = round % 3 == 0
            let framed = Frame(type: type, isCompressed: compressed,
                               dictionaryID: compressed && round % 2 == 0 ? dictionaries[0].id : 0, payload: body).encoded()
            for input in [body, framed] {
                #expect(Vectors.code { _ = try codec.decodeMessage(from: Frame.decodeSingle(input)) } != -1)
            }
            #expect(Vectors.code { _ = try Inflater.inflate([0x78, 0xDA] + body, dictionary: nil, limits: .default) } != -1)
            #expect(Vectors.code { _ = try BodyDelta.apply([0x46, 0x44, 0x01] + body, to: body) } != -1)
            #expect(Vectors.code { _ = try SyncCursor(decoding: Array(body.prefix(21))) } != -1)
        }
    }
}
