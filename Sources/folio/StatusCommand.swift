import ArgumentParser
import Foundation
import FolioStore

/// `folio status`: where the store stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the server, cursor, last sync, counts and size.")

    @OptionGroup var store: StoreOptions

    struct Output: Encodable {
        var db: String
        var server: String?
        var epoch: String?
        var cursor: String?
        var lastSyncAt: Int64?
        var articles: Int
        var comments: Int
        var outbox: [String: Int]
        var bytes: Int64
    }

    func run() throws {
        let folio = try store.openExisting()
        let state = try folio.syncState()
        var outbox: [String: Int] = [:]
        for entry in try folio.outbox() { outbox[entry.state.rawValue, default: 0] += 1 }
        let bytes = ["", "-wal", "-shm"].reduce(Int64(0)) { total, suffix in
            let size = (try? FileManager.default.attributesOfItem(atPath: store.db + suffix)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
        let output = Output(
            db: store.db, server: state.server, epoch: state.epoch,
            cursor: state.cursor.map { $0.map { String(format: "%02x", $0) }.joined() },
            lastSyncAt: state.lastSyncAt, articles: try folio.articleCount(), comments: try folio.commentCount(),
            outbox: outbox, bytes: bytes)
        if store.json { return try store.printJSON(output) }
        print("Store:     \(output.db) (\(Formatting.bytes(bytes)))")
        print("Server:    \(output.server ?? "none yet")")
        print("Last sync: \(output.lastSyncAt.map(Formatting.time) ?? "never")")
        print("Cursor:    \(output.cursor ?? "none")")
        print("Articles:  \(output.articles)")
        print("Comments:  \(output.comments)")
        let states = OutboxState.allCases.map { "\(outbox[$0.rawValue, default: 0]) \($0.rawValue)" }
        print("Outbox:    \(states.joined(separator: ", "))")
    }
}
