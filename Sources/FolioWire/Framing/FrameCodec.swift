import SwiftProtobuf

/// Turns messages into frames and frames into messages, applying compression,
/// dictionaries and limits (SPEC.md §5.2, §9).
///
/// ```swift
/// let codec = FrameCodec(dictionaries: [english])
/// let body = try codec.encode(response, compression: .deflate(dictionary: english))
/// let again = try codec.decode(WirePullResponse.self, fromBody: body)
/// ```
public struct FrameCodec: Sendable {
    /// Limits enforced while decoding.
    public var limits: FrameLimits
    /// The preset dictionaries the receiver holds, by id.
    public var dictionaries: [UInt32: PresetDictionary]

    /// Creates a codec that knows `dictionaries`.
    public init(limits: FrameLimits = .default, dictionaries: [PresetDictionary] = []) {
        self.limits = limits
        self.dictionaries = Dictionary(dictionaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Encodes `message` into one frame.
    ///
    /// - Throws: 108 if the message cannot be serialised, 208 if zlib fails,
    ///   105 if the payload exceeds ``FrameLimits/maxFrameBytes``.
    public func encode<M: FrameMessage>(_ message: M, compression: FrameCompression = .none) throws -> [UInt8] {
        try frame(for: message, compression: compression).encoded()
    }

    /// Builds the frame for `message` without serialising the header.
    public func frame<M: FrameMessage>(for message: M, compression: FrameCompression = .none) throws -> Frame {
        let plain: [UInt8]
        do {
            plain = try message.serializedBytes()
        } catch {
            throw FolioWireError(.messageMalformed, "message cannot be serialised")
        }
        return try frame(type: M.frameType, plain: plain, compression: compression)
    }

    /// Builds the frame of an already serialised message (SPEC.md §5.2, §9.1):
    /// for a caller that needs the plain bytes too, such as to choose the
    /// compression by their size, without serialising twice.
    ///
    /// - Throws: 105 if the payload exceeds ``FrameLimits/maxFrameBytes``.
    public func frame(type: FrameType, plain: [UInt8], compression: FrameCompression = .none) throws -> Frame {
        let frame: Frame
        switch compression {
        case .none:
            frame = Frame(type: type, isCompressed: false, dictionaryID: 0, payload: plain)
        case .deflate(let dictionary):
            let packed = try Deflater.deflate(plain, dictionary: dictionary)
            frame = Frame(type: type, isCompressed: true, dictionaryID: dictionary?.id ?? 0, payload: packed)
        }
        guard frame.payload.count <= limits.maxFrameBytes, frame.payload.count <= Int(UInt32.max) else {
            throw FolioWireError(.frameTooLarge, "payload exceeds \(limits.maxFrameBytes) bytes")
        }
        return frame
    }

    /// The Protocol Buffers bytes of a frame: its payload, inflated if needed.
    ///
    /// - Throws: 206 if the frame names a dictionary this codec does not hold,
    ///   and the errors of ``Inflater/inflate(_:dictionary:limits:)``.
    public func plainPayload(of frame: Frame) throws -> [UInt8] {
        guard frame.isCompressed else { return frame.payload }
        var dictionary: PresetDictionary?
        if frame.dictionaryID != 0 {
            guard let known = dictionaries[frame.dictionaryID] else {
                throw FolioWireError(.dictionaryUnknown, "frame names dictionary \(frame.dictionaryID)")
            }
            dictionary = known
        }
        return try Inflater.inflate(frame.payload, dictionary: dictionary, limits: limits.inflate)
    }

    /// Decodes the message of a frame, whatever its type.
    public func decodeMessage(from frame: Frame) throws -> any FrameMessage {
        try Self.parse(frame.type.messageType, from: plainPayload(of: frame))
    }

    /// Decodes a frame that must carry an `M`; 104 if it carries another type.
    public func decode<M: FrameMessage>(_ type: M.Type, from frame: Frame) throws -> M {
        guard frame.type == M.frameType else {
            throw FolioWireError(.frameUnknownType, "expected frame type \(M.frameType.rawValue), got \(frame.type.rawValue)")
        }
        return try Self.parse(M.self, from: plainPayload(of: frame))
    }

    /// Decodes a body holding exactly one frame that carries an `M`.
    public func decode<M: FrameMessage>(_ type: M.Type, fromBody body: [UInt8]) throws -> M {
        try decode(type, from: Frame.decodeSingle(body, limits: limits))
    }

    private static func parse<M: FrameMessage>(_ type: M.Type, from bytes: [UInt8]) throws -> M {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw FolioWireError(.messageMalformed, "payload is not a valid \(M.protoMessageName)")
        }
    }
}
