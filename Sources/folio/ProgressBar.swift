import Foundation
import FolioClient
import Synchronization

/// A one-line progress bar on standard error, redrawn in place; silent when
/// standard error is not a terminal.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let drawn = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ progress: SyncProgress) {
        guard enabled else { return }
        let width = 30
        let fraction = progress.fraction ?? 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let total = progress.estimatedTotal.map { " of \($0)" } ?? ""
        let line = "\r\(bar) \(String(format: "%3d", Int(fraction * 100)))%  \(progress.phase.rawValue)  \(progress.articles) articles\(total)  \(Formatting.bytes(progress.bytes))  "
        FileHandle.standardError.write(Data(line.utf8))
        drawn.withLock { $0 = true }
    }

    func clear() {
        guard enabled, drawn.withLock({ let was = $0; $0 = false; return was }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
