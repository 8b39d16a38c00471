// A child process for the store's crash-safety tests (CrashSafetyTests).
//
//   FolioStoreProbe outbox PATH    enqueue comments forever; print each key once saved
//   FolioStoreProbe apply PATH     apply batches forever; print each cursor once committed
//
// The test kills it with SIGKILL at a random moment, reopens the store, and
// checks that everything printed is there and that nothing is half-written.
import Foundation
import FolioStore

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: FolioStoreProbe outbox|apply PATH\n".utf8))
    exit(2)
}
do {
    let store = try FolioStore(path: arguments[2])
    let body = String(repeating: "A long body of text about Central Asian water politics. ", count: 40)
    func article(_ id: Int64, revision: Int64) -> Article {
        Article(id: id, newsCode: id, language: "en", title: "Title \(id)", lead: "Lead \(id)", body: body,
                author: "Desk", source: "Folio Desk", publishedAt: id, updatedAt: id, regions: ["central-asia"],
                topics: ["economic"], kind: .article, readingMinutes: 2, related: [], revision: revision)
    }
    switch arguments[1] {
    case "outbox":
        if try store.article(id: 1) == nil {
            try store.apply(SyncBatch(epoch: "probe", cursor: Data("0".utf8), articles: [article(1, revision: 1)]))
        }
        emit("ready")
        var index = 0
        while true {
            index += 1
            let queued = try store.enqueueComment(NewComment(
                articleID: 1, name: "Reader \(index)", email: "reader\(index)@example.org", text: "Comment number \(index)"))
            emit(queued.key.uuidString.lowercased())
        }
    case "apply":
        emit("ready")
        var page: Int64 = Int64(String(decoding: try store.syncState().cursor ?? Data("0".utf8), as: UTF8.self)) ?? 0
        while true {
            page += 1
            // Every page adds 50 articles and rewrites the previous page's, so a
            // half-applied page would show as a count or revision mismatch.
            let fresh = (0..<50).map { article(page * 50 + $0, revision: page) }
            let rewritten = page > 1 ? (0..<50).map { article((page - 1) * 50 + $0, revision: page) } : []
            try store.apply(SyncBatch(epoch: "probe", cursor: Data(String(page).utf8), articles: fresh + rewritten))
            emit(String(page))
        }
    default:
        FileHandle.standardError.write(Data("unknown mode\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("FolioStoreProbe: \(error)\n".utf8))
    exit(1)
}
