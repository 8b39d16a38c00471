import FolioWire
import ArgumentParser
import Foundation
import FolioStore

/// `folio outbox`: the comments written on this device and where they stand.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Show queued, sent and rejected comments.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let entries = try store.openExisting().outbox()
        if store.json { return try store.printJSON(entries) }
        if entries.isEmpty { return print("The outbox is empty.") }
        for entry in entries {
            var state = entry.state.rawValue
            switch entry.state {
            case .accepted: state += " (\(entry.moderation?.rawValue ?? "pending"))"
            case .rejected: state += ": \(entry.rejectReason ?? entry.rejectCode ?? "no reason given")"
            case .sending: state += " (attempt \(entry.attempts), next \(Formatting.time(entry.nextAttemptAt)))"
            case .queued: break
            }
            print("\(entry.key.uuidString.lowercased())  article \(entry.articleID)  \(Formatting.time(entry.createdAt))  \(state)")
            print("    \(TerminalText.escaped(entry.name)): \(TerminalText.escaped(entry.text, keepsLineBreaks: true))")
        }
    }
}
