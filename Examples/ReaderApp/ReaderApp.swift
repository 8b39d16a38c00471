// ReaderApp: how an app embeds Folio.
//
//   swift run ReaderApp http://127.0.0.1:8080 [reader.sqlite]
//
// It opens a store, watches the latest articles, syncs with progress,
// searches in English and Persian, and queues a comment that the next sync
// sends. Run it against `swift run folio-server serve --demo`.
import FolioClient
import FolioStore
import FolioURLSessionTransport
import Foundation

@main
struct ReaderApp {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        guard let server = arguments.first.flatMap(URL.init(string:)) else {
            FileHandle.standardError.write(Data("usage: ReaderApp SERVER_URL [STORE_PATH]\n".utf8))
            exit(2)
        }
        let path = arguments.dropFirst().first ?? "reader.sqlite"
        do {
            try await run(server: server, path: path)
        } catch {
            FileHandle.standardError.write(Data("ReaderApp: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(server: URL, path: String) async throws {
        // 1. The store: one SQLite file that holds the whole archive offline.
        let store = try FolioStore(path: path)

        // 2. Watch the newest articles, as a list on screen would.
        let watcher = Task {
            var seen = Set(try store.latestArticles(limit: 5).map(\.id))
            for try await latest in store.observeLatestArticles(limit: 5) {
                for article in latest where !seen.contains(article.id) {
                    print("new article: \(article.title)")
                    seen.insert(article.id)
                }
            }
        }

        // 3. Sync, showing progress as the app's progress bar would.
        let engine = SyncEngine(store: store, transport: URLSessionTransport(baseURL: server, dictionaryCache: store))
        let progress = Task {
            var lastPercent = -1
            for await event in engine.events {
                guard case .progress(let progress) = event, let fraction = progress.fraction else { continue }
                let percent = Int(fraction * 100)
                if percent / 25 > lastPercent / 25 || (percent == 100 && lastPercent != 100) {
                    print("sync \(percent)%")
                    lastPercent = percent
                }
            }
        }
        let report = try await engine.sync()
        print("synced: \(report.inserted) new, \(report.updated) updated, \(report.removed) removed")

        // 4. Search offline, in both languages; Arabic letters find Persian ones.
        for query in ["water", "كابل"] {
            let results = try store.search(query, limit: 3)
            print("search \(query): \(results.count) results")
            for result in results { print("  \(result.article.id) \(result.article.title)") }
        }

        // 5. Write a comment; it is saved at once, whatever the network does.
        guard let article = try store.latestArticles(limit: 1).first else { return }
        let comment = try store.enqueueComment(NewComment(
            articleID: article.id, name: "Example Reader", email: "reader@example.org",
            text: "Written from the example app."))
        print("queued comment \(comment.key.uuidString.lowercased()) on \(article.id)")
        let second = try await engine.sync()
        let state = try store.outboxComment(key: comment.key)
        print("comments sent: \(second.commentsAccepted) accepted; outbox state: \(state?.state.rawValue ?? "gone"), moderation: \(state?.moderation?.rawValue ?? "none")")

        watcher.cancel()
        progress.cancel()
    }
}
