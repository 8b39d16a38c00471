import FolioServer
import FolioWire
import Hummingbird

/// Bootstrap routes (SPEC.md §11): the manifest, and immutable part files
/// with a strong `ETag` and `Range` / `If-Range` support.
struct SnapshotRoutes: Sendable {
    static let snapshotContentType = "application/vnd.folio.snapshot"
    let service: FolioSyncService
    let io: FrameIO
    let configuration: HTTPServerConfiguration

    func register(on router: Router<FolioRequestContext>) {
        router.get(RouterPath(FolioProtocol.Path.snapshotManifest)) { _, _ in
            let snapshot = try await service.latestSnapshot(dictionary: configuration.dictionaries.first)
            var response = try io.response(snapshot.manifest)
            response.headers[.cacheControl] = "max-age=60"
            return response
        }
        router.get(RouterPath(FolioProtocol.Path.snapshotsPrefix + ":epoch/:head/:file")) { request, context in
            let path = [
                context.parameters.get("epoch"), context.parameters.get("head"), context.parameters.get("file"),
            ].compactMap { $0 }.joined(separator: "/")
            let part = try await service.snapshotPart(path: path)
            return try Self.serve(part, request: request)
        }
    }

    /// The part, whole (200) or the requested byte range (206); 416 if unsatisfiable.
    static func serve(_ part: Snapshot.Part, request: Request) throws -> Response {
        var headers: HTTPFields = [
            .contentType: snapshotContentType, .eTag: part.etag,
            .cacheControl: "public, max-age=31536000, immutable", .acceptRanges: "bytes",
        ]
        let total = part.bytes.count
        let ifRangeMatches = request.headers[.ifRange].map { $0 == part.etag } ?? true
        guard let header = request.headers[.range], ifRangeMatches else {
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: part.bytes)))
        }
        guard let range = ByteRange.parse(header, total: total) else {
            headers[.contentRange] = "bytes */\(total)"
            throw FolioHTTPError(.badRequest, "the range cannot be satisfied", status: 416)
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(total)"
        return Response(
            status: .partialContent, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: part.bytes[range])))
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
