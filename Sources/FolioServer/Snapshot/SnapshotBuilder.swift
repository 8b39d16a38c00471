import FolioWire
import Foundation

/// Builds a ``Snapshot`` of every live article at one sequence, with the
/// approved comments of each, public fields only (SPEC.md §11).
enum SnapshotBuilder {
    static func build(
        epoch: UInt64, head: UInt64, articles: [StoredArticle], comments: [Int64: [StoredComment]] = [:],
        configuration: SyncServiceConfiguration,
        dictionary: PresetDictionary?
    ) throws -> Snapshot {
        var manifest = WireSnapshotManifest()
        manifest.cursor = Data(SyncCursor(epoch: epoch, sequence: head).encoded)
        manifest.dictionary = dictionary?.id ?? 0
        var checksum = ArchiveChecksum()
        var parts: [String: Snapshot.Part] = [:]
        let perPart = max(1, configuration.snapshotArticlesPerPart)
        let perChunk = max(1, configuration.snapshotArticlesPerChunk)
        let codec = FrameCodec()
        for (index, start) in stride(from: 0, to: articles.count, by: perPart).enumerated() {
            let slice = Array(articles[start..<min(start + perPart, articles.count)])
            // Chunks go by language, then id (SPEC.md §11, step 3): deflate's
            // window is 32 KiB, and English next to English (Persian next to
            // Persian) compresses about a fifth smaller than the two interleaved.
            let ordered = slice.sorted { ($0.content.language, $0.id) < ($1.content.language, $1.id) }
            var bytes: [UInt8] = []
            for chunkStart in stride(from: 0, to: ordered.count, by: perChunk) {
                var chunk = WireSnapshotChunk()
                let members = ordered[chunkStart..<min(chunkStart + perChunk, ordered.count)]
                chunk.articles = members.map { $0.content.wire(revision: $0.revision) }
                chunk.comments = members.flatMap { comments[$0.id] ?? [] }.map(\.publicWire)
                do {
                    bytes += try codec.encode(chunk, compression: .deflate(dictionary: dictionary))
                } catch let error as FolioWireError {
                    throw FolioServerError(wire: error)
                }
            }
            for article in slice { checksum.insert(id: article.id, revision: article.revision) }
            let number = String(index + 1)
            let path = "\(epoch)/\(head)/part-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number).folio"
            let part = Snapshot.Part(path: path, bytes: bytes, sha256: Hashing.sha256(bytes))
            parts[path] = part
            var info = WireSnapshotPart()
            info.path = path
            info.size = UInt64(bytes.count)
            info.firstID = slice.first?.id ?? 0
            info.lastID = slice.last?.id ?? 0
            info.articleCount = UInt32(slice.count)
            info.sha256 = Data(part.sha256)
            manifest.parts.append(info)
        }
        var checkpoint = WireCheckpoint()
        checkpoint.articles = checksum.message
        checkpoint.bucketWidth = configuration.bucketWidth
        manifest.checkpoint = checkpoint
        return Snapshot(manifest: manifest, parts: parts, sequence: head)
    }
}
