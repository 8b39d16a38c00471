import FolioWire
import Testing

/// Length edges of the frame header and payload (SPEC.md §5.2).
@Suite struct FrameBoundaryTests {
    static func frame(payloadLength: Int) -> [UInt8] {
        Frame(type: .snapshotChunk, isCompressed: false, dictionaryID: 0,
              payload: [UInt8](repeating: 0, count: payloadLength)).encoded()
    }

    @Test(arguments: [0, 1, 63, 64])
    func payloadsUpToTheLimitAreAccepted(length: Int) throws {
        let limits = FrameLimits(maxFrameBytes: 64, inflate: .default)
        let decoded = try Frame.decodeSingle(Self.frame(payloadLength: length), limits: limits)
        #expect(decoded.payload.count == length)
    }

    @Test func aPayloadOneByteOverTheLimitIsRejectedBeforeItArrives() {
        let limits = FrameLimits(maxFrameBytes: 64, inflate: .default)
        var decoder = FrameDecoder(limits: limits)
        decoder.append(Self.frame(payloadLength: 65).prefix(Frame.headerSize))
        #expect(Vectors.code { _ = try decoder.nextFrame() } == 105)
    }

    @Test(arguments: 0..<Frame.headerSize)
    func aPartialHeaderWaitsForMoreBytes(length: Int) throws {
        var decoder = FrameDecoder()
        decoder.append(Self.frame(payloadLength: 3).prefix(length))
        #expect(try decoder.nextFrame() == nil)
        #expect(Vectors.code { try decoder.finish() } == (length == 0 ? nil : 101))
    }

    @Test func aWrongFirstByteIsRejectedAtOnce() {
        var decoder = FrameDecoder()
        decoder.append([0x7B])
        #expect(Vectors.code { _ = try decoder.nextFrame() } == 102)
    }

    @Test func framesOfEveryTypeRoundTripThroughTheCodec() throws {
        let codec = FrameCodec()
        var info = WireServerInfo()
        info.protocolVersions = [1]
        for compression in [FrameCompression.none, .deflate(dictionary: nil)] {
            let body = try codec.encode(info, compression: compression)
            #expect(try codec.decode(WireServerInfo.self, fromBody: body) == info)
            #expect(Vectors.code { _ = try codec.decode(WirePullResponse.self, fromBody: body) } == 104)
        }
        for type in FrameType.allCases {
            let empty = Frame(type: type, isCompressed: false, dictionaryID: 0, payload: [])
            let message = try codec.decodeMessage(from: Frame.decodeSingle(empty.encoded()))
            #expect(Swift.type(of: message).frameType == type)
        }
    }

    @Test func anEncoderRefusesPayloadsAboveTheLimit() {
        let codec = FrameCodec(limits: FrameLimits(maxFrameBytes: 4, inflate: .default))
        var info = WireErrorResponse()
        info.message = "longer than four bytes"
        #expect(Vectors.code { _ = try codec.encode(info) } == 105)
    }
}
