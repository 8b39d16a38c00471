import Crypto
import FolioClient
import FolioWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionTransport {
    /// `GET /v2/snapshots/{path}` (SPEC.md §11), from byte `offset` on with
    /// `Range: bytes=offset-` and `If-Range` when `offset > 0`.
    ///
    /// A 206 must start at `offset` and run to the part's end; a 200 is the
    /// whole part, checked against its size and SHA-256. A 416 (the range lies
    /// beyond the part) is asked again without a range.
    public func snapshotPart(_ part: WireSnapshotPart, from offset: Int64, ifRange: String?) async throws
        -> SnapshotPartBody
    {
        let path = FolioProtocol.Path.snapshotsPrefix + part.path
        var headers: [String: String] = [:]
        if offset > 0 {
            headers["Range"] = "bytes=\(offset)-"
            if let ifRange { headers["If-Range"] = ifRange }
        }
        let data: Data
        let response: HTTPURLResponse
        do {
            (data, response) = try await send(path: path, body: nil, timeout: timeout + 60, headers: headers)
        } catch TransportFailure.server(let status, _, _) where status == 416 && offset > 0 {
            return try await snapshotPart(part, from: 0, ifRange: nil)
        }
        let etag = response.value(forHTTPHeaderField: "ETag")
        if response.statusCode == 206 {
            let expected = "bytes \(offset)-\(Int64(part.size) - 1)/\(part.size)"
            guard offset > 0, response.value(forHTTPHeaderField: "Content-Range") == expected,
                  Int64(data.count) == Int64(part.size) - offset else {
                throw TransportFailure.malformed("snapshot part \(part.path): the range answered is not the one asked")
            }
            // Checked frame by frame (CRC-32, SPEC.md §5.2) by the reader.
            return SnapshotPartBody(offset: offset, bytes: Array(data), etag: etag)
        }
        // The whole part in one response (SPEC.md §11: it MUST match its SHA-256).
        guard data.count == Int(part.size), Data(SHA256.hash(data: data)) == part.sha256 else {
            throw TransportFailure.malformed("snapshot part \(part.path) does not match its size or SHA-256")
        }
        return SnapshotPartBody(offset: 0, bytes: Array(data), etag: etag)
    }

    /// The preset dictionary `id` (SPEC.md §9.2): one `ServerInfo` lists, a
    /// kept copy, or `GET /v2/dictionaries/{id}`, checked against its Adler-32
    /// and kept in the ``DictionaryCache``.
    public func presetDictionary(id: UInt32, language: String) async throws -> PresetDictionary {
        try await loadDictionaries()
        if let held = codec.dictionaries[id] { return held }
        if let kept = try? dictionaryCache?.cachedDictionary(id: id),
           let dictionary = try? PresetDictionary(bytes: Array(kept), language: language, version: 0, expectedID: id) {
            codec.dictionaries[id] = dictionary
            return dictionary
        }
        let (data, _) = try await send(path: FolioProtocol.Path.dictionary(id: id), body: nil, timeout: timeout)
        guard let dictionary = try? PresetDictionary(bytes: Array(data), language: language, version: 0,
                                                     expectedID: id) else {
            throw TransportFailure.malformed("dictionary \(id) does not match its Adler-32")
        }
        // Failing to keep it only means downloading it again next time.
        try? dictionaryCache?.cacheDictionary(id: id, language: language, version: 0, bytes: data)
        codec.dictionaries[id] = dictionary
        return dictionary
    }
}
