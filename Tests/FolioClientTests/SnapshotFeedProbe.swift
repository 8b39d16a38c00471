import FolioStore
import FolioWire
@testable import FolioClient

/// Builds the bootstrap's ``SnapshotFeed`` for tests that drive it by hand.
enum SnapshotFeedProbe {
    /// A feed over every part of `manifest` with groups of one chunk.
    static func feed(_ transport: InProcessTransport, _ manifest: WireSnapshotManifest) async -> Feed {
        Feed(feed: SnapshotFeed(transport: transport, parts: manifest.parts, cursor: manifest.cursor, groupSize: 1))
    }

    /// The feed, handing out prepared batches.
    struct Feed {
        let feed: SnapshotFeed
        func next() async throws -> PreparedBatch? { try await feed.next()?.prepared }
    }
}
