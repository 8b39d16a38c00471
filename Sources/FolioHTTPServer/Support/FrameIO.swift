import FolioServer
import FolioWire
import Foundation
import Hummingbird
import Metrics
import SwiftProtobuf

/// Reads request frames and writes response frames (SPEC.md §5.1, §5.2, §9).
struct FrameIO: Sendable {
    let configuration: HTTPServerConfiguration
    let codec: FrameCodec

    init(configuration: HTTPServerConfiguration) {
        self.configuration = configuration
        codec = FrameCodec(limits: configuration.frameLimits, dictionaries: configuration.dictionaries)
    }

    /// Decodes the body of `request` as one frame carrying an `M`.
    ///
    /// - Throws: 415/E509 for another content type, 413/E504 for a body over
    ///   the limit (checked on `Content-Length` before reading), and the
    ///   SPEC.md §12 framing and inflate errors.
    func decode<M: FrameMessage>(_ type: M.Type, from request: Request) async throws -> M {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix(FolioProtocol.frameContentType) else {
            throw FolioHTTPError(.unsupportedMediaType, "the body must be \(FolioProtocol.frameContentType)")
        }
        try BodyLimit.check(request, limit: configuration.maxFrameRequestBytes)
        let bytes = try await BodyLimit.collect(request, limit: configuration.maxFrameRequestBytes)
        return try codec.decode(M.self, fromBody: bytes)
    }

    /// A 200 response carrying `message` in one frame, deflated when large,
    /// with the first dictionary the client holds (SPEC.md §9).
    func response<M: FrameMessage>(_ message: M, clientDictionaries: [UInt32] = []) throws -> Response {
        try response(message) { _ in
            clientDictionaries.lazy.compactMap { codec.dictionaries[$0] }.first
        }
    }

    /// A 200 response carrying a pull page, deflated when large, with the
    /// dictionary the client holds of the language that carries most of the
    /// page's text (``DictionaryChoice``).
    func response(_ page: WirePullResponse, clientDictionaries: [UInt32]) throws -> Response {
        try response(page) { page in
            DictionaryChoice.forPage(page, held: clientDictionaries.compactMap { codec.dictionaries[$0] })
        }
    }

    private func response<M: FrameMessage>(_ message: M, dictionary: (M) -> PresetDictionary?) throws -> Response {
        let plain: [UInt8] = try message.serializedBytes()
        var compression = FrameCompression.none
        if plain.count >= configuration.compressResponsesFrom {
            compression = .deflate(dictionary: dictionary(message))
        }
        let body = try codec.frame(type: M.frameType, plain: plain, compression: compression).encoded()
        if case .deflate(let dictionary) = compression {
            let saved = plain.count - (body.count - Frame.headerSize)
            let label = dictionary.map { String($0.id) } ?? "none"
            Counter(label: "folio_compression_bytes_saved_total", dimensions: [("dictionary", label)]).increment(by: saved)
        }
        return Self.frameResponse(status: .ok, body: body)
    }

    static func frameResponse(status: HTTPResponse.Status, body: [UInt8], extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: FolioProtocol.frameContentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The SPEC.md §12.2 error response: status, `Folio-Error`, optional
    /// `Retry-After`, and an `ErrorResponse` frame.
    static func errorResponse(_ error: FolioHTTPError) -> Response {
        var extra: HTTPFields = [HeaderNames.folioError: String(error.code.rawValue)]
        if error.retryAfterSeconds > 0 { extra[.retryAfter] = String(error.retryAfterSeconds) }
        let wire = FolioWireError(error.code, error.message).response(retryAfterSeconds: error.retryAfterSeconds)
        let body = (try? FrameCodec().encode(wire)) ?? []
        return frameResponse(status: HTTPResponse.Status(code: error.status), body: body, extra: extra)
    }
}

/// Request body limits: refuse by `Content-Length` before reading, and
/// stop reading as soon as a streamed body passes the limit.
enum BodyLimit {
    static func check(_ request: Request, limit: Int) throws {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw FolioHTTPError(.payloadTooLarge, "the body exceeds \(limit) bytes")
        }
    }

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw FolioHTTPError(.payloadTooLarge, "the body exceeds \(limit) bytes")
        }
    }
}
