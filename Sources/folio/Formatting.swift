import Foundation
import FolioStore
import FolioWire

/// Text formatting shared by the commands.
enum Formatting {
    /// `2026-03-14 08:30 UTC`.
    static func time(_ unixMilliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `2026-03-14`.
    static func day(_ unixMilliseconds: Int64) -> String {
        String(time(unixMilliseconds).prefix(10))
    }

    /// One line of an article list.
    static func line(_ summary: ArticleSummary) -> String {
        let kind = summary.kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
        return "\(String(summary.id).leftPadded(to: 6))  \(day(summary.publishedAt))  \(kind) \(summary.language)  "
            + TerminalText.escaped(summary.title)
    }

    /// A byte count for people: `812 B`, `4.2 KB`, `13.0 MB`.
    static func bytes(_ count: Int64) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format: "%.1f KB", Double(count) / 1024) }
        return String(format: "%.1f MB", Double(count) / 1024 / 1024)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
