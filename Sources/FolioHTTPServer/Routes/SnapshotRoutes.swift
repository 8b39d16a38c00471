import FolioServer
import FolioWire
import Foundation
import Hummingbird

/// Bootstrap routes (SPEC.md §11): the manifest, and immutable part files
/// with a strong `ETag` and `Range` / `If-Range` support.
struct SnapshotRoutes: Sendable {
    static let snapshotContentType = "application/vnd.folio.snapshot"
    let service: FolioSyncService
    let io: FrameIO
    let configuration: HTTPServerConfiguration
    let fileIO = FileIO()

    func register(on router: Router<FolioRequestContext>) {
        router.get(RouterPath(FolioProtocol.Path.snapshotManifest)) { _, _ in
            let snapshot = try await service.latestSnapshot(dictionaries: configuration.dictionaries)
            var response = try io.response(snapshot.manifest)
            response.headers[.cacheControl] = "max-age=60"
            return response
        }
        router.get(RouterPath(FolioProtocol.Path.snapshotsPrefix + "parts/:file")) { request, context in
            let path = "parts/" + (context.parameters.get("file") ?? "")
            let part = try await service.snapshotPart(path: path)
            return try await serve(part, request: request, context: context)
        }
    }

    /// The part, whole (200) or the requested byte range (206), read from
    /// its file in chunks (never whole into memory) when it has one; 416
    /// with `Content-Range: bytes */size` and an error frame if the range
    /// cannot be satisfied. `If-Range` with another entity tag gets the whole part.
    func serve(_ part: Snapshot.Part, request: Request, context: FolioRequestContext) async throws -> Response {
        var headers: HTTPFields = [
            .contentType: Self.snapshotContentType, .eTag: part.etag,
            .cacheControl: "public, max-age=31536000, immutable", .acceptRanges: "bytes",
        ]
        let total = part.size
        guard total > 0 else { throw FolioHTTPError(.snapshotGone, "the snapshot part is empty; fetch the manifest again") }
        let ifRangeMatches = request.headers[.ifRange].map { $0 == part.etag } ?? true
        var range = 0...(total - 1)
        var status = HTTPResponse.Status.ok
        if let header = request.headers[.range], ifRangeMatches {
            guard let requested = ByteRange.parse(header, total: total) else {
                var response = FrameIO.errorResponse(
                    FolioHTTPError(.rangeNotSatisfiable, "the range cannot be satisfied", status: 416))
                response.headers[.contentRange] = "bytes */\(total)"
                return response
            }
            range = requested
            status = .partialContent
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(total)"
        }
        let body: ResponseBody
        if let url = part.fileURL {
            do {
                body = try await fileIO.loadFile(path: url.path, range: range, context: context)
            } catch {
                throw FolioHTTPError(.snapshotGone, "the snapshot part no longer exists; fetch the manifest again")
            }
        } else {
            body = ResponseBody(byteBuffer: ByteBuffer(bytes: try part.bytes(in: range)))
        }
        return Response(status: status, headers: headers, body: body)
    }
}

/// A single `bytes=` range (RFC 9110 §14.1.2): `N-`, `N-M` or `-N`.
public enum ByteRange {
    /// The inclusive byte range `header` selects in a body of `total` bytes,
    /// or nil if it is malformed, multiple or unsatisfiable.
    public static func parse(_ header: String, total: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), total > 0 else { return nil }
        let spec = header.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[spec.startIndex..<dash]
        let last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return nil }
            return max(0, total - suffix)...(total - 1)
        }
        guard let start = Int(first), start >= 0, start < total else { return nil }
        if last.isEmpty { return start...(total - 1) }
        guard let end = Int(last), end >= start else { return nil }
        return start...min(end, total - 1)
    }
}
