import FolioWire
import Foundation
import Hummingbird
import Logging
import Metrics

/// The outermost middleware: gives every request an id (`Folio-Request-Id`),
/// answers requests of protocol version 1 with the frozen 426 of SPEC.md
/// §5.3 (``LegacyVersion``), stamps `Folio-Protocol: 2` on every other response, turns every error into its SPEC.md §12 response,
/// logs one line per request (never bodies) and counts requests and bytes.
struct FolioMiddleware: RouterMiddleware {
    typealias Context = FolioRequestContext
    let registry: PrometheusRegistry

    func handle(
        _ request: Request, context: FolioRequestContext,
        next: (Request, FolioRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "folio.request"] = .string(requestID)
        var response: Response
        if LegacyVersion.isLegacy(PathNormalizer.normalize(request.uri.path)) {
            // SPEC.md §5.3: the frozen version-1 answer (carries Folio-Protocol: 1).
            response = LegacyVersion.response()
        } else {
            do {
                try Self.checkVersionHeader(request)
                response = try await next(request, context)
            } catch {
                response = Self.response(for: error, path: request.uri.path)
            }
            response.headers[HeaderNames.folioProtocol] = String(FolioProtocol.version)
        }
        response.headers[HeaderNames.requestID] = requestID
        let route = context.endpointPath ?? "unmatched"
        let status = String(response.status.code)
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", status)]
        Counter(label: "folio_http_requests_total", dimensions: dimensions, factory: registry).increment()
        if let length = request.headers[.contentLength].flatMap(Int.init) {
            Counter(label: "folio_http_bytes_in_total", factory: registry).increment(by: length)
        }
        if let length = response.body.contentLength {
            Counter(label: "folio_http_bytes_out_total", factory: registry).increment(by: length)
        }
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route), "status": .string(status),
                "ms": .stringConvertible(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            ])
        return response
    }

    /// SPEC.md §5.3: a request to a protocol path that names a protocol
    /// version in `Folio-Protocol` names this one; a POST (a frame) names it
    /// always. A GET may leave it out, for caches and CDNs that drop headers.
    static func checkVersionHeader(_ request: Request) throws {
        guard PathNormalizer.isProtocol(PathNormalizer.normalize(request.uri.path)) else { return }
        let version = String(FolioProtocol.version)
        switch request.headers[HeaderNames.folioProtocol] {
        case version?:
            return
        case let other?:
            throw FolioHTTPError(.frameUnsupportedVersion, "Folio-Protocol \(other) does not match the path's version \(version)")
        case nil where request.method == .post:
            throw FolioHTTPError(.frameUnsupportedVersion, "a request frame needs Folio-Protocol: \(version)")
        case nil:
            return
        }
    }

    /// Every failure as a response: frames on the protocol routes, JSON elsewhere.
    static func response(for error: any Error, path: String) -> Response {
        var mapped = FolioHTTPError.from(error)
        if let http = error as? any HTTPResponseError, !(error is FolioHTTPError) {
            switch http.status.code {
            case 404: mapped = FolioHTTPError(.notFound, "no such path")
            case 405: mapped = FolioHTTPError(.notFound, "method not allowed on this path", status: 405)
            case 413: mapped = FolioHTTPError(.payloadTooLarge, "the body is too large")
            case 400..<500: mapped = FolioHTTPError(.badRequest, "bad request", status: http.status.code)
            default: mapped = FolioHTTPError(.internalError, "the server failed")
            }
        }
        let normalized = PathNormalizer.normalize(path)
        if PathNormalizer.isProtocol(normalized) {
            return FrameIO.errorResponse(mapped)
        }
        return JSONResponses.error(mapped)
    }
}

/// Normalises a request path for access decisions, so that encodings,
/// case, repeated slashes and dot segments cannot dodge a prefix check.
enum PathNormalizer {
    static func normalize(_ path: String) -> String {
        let decoded = (path.removingPercentEncoding ?? path).lowercased()
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    /// True for a path of the sync protocol (`/v2/…`, SPEC.md §5.1).
    static func isProtocol(_ normalized: String) -> Bool {
        normalized.hasPrefix(protocolPrefix)
    }

    /// `/v2/`, from ``FolioProtocol/Path``.
    static let protocolPrefix = "/v\(FolioProtocol.version)/"

    /// True for the editor API (`/v1/editor…`, versioned on its own).
    static func isEditor(_ normalized: String) -> Bool {
        normalized == "/v1/editor" || normalized.hasPrefix("/v1/editor/")
    }
}
