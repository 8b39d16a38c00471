@testable import FolioHTTPServer
import FolioWire
import Foundation
import Testing

/// SPEC.md §12.1: every response's status and code pair is in the table, or
/// one of the few pairs the spec lists beside it.
@Suite("HTTP: error statuses follow SPEC.md §12.1")
struct ErrorStatusTests {
    /// `(status, code)` rows of the "Statuses beside the table" table.
    static func specPairs() throws -> [(Int, Int)] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let spec = try String(contentsOf: root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        let section = try #require(spec.components(separatedBy: "**Statuses beside the table.**").dropFirst().first?
            .components(separatedBy: "### 12.2").first)
        return section.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3, let status = Int(cells[1]), let code = Int(cells[2]) else { return nil }
            return (status, code)
        }
    }

    @Test("the pairs the server may send beside the table are exactly those SPEC.md lists")
    func besideTheTable() throws {
        let listed = try Self.specPairs().map { "\($0.0) \($0.1)" }
        #expect(!listed.isEmpty)
        #expect(listed == FolioHTTPError.statusesBesideTheTable.map { "\($0.status) \($0.code)" })
    }

    @Test("an error is sent with its code's status unless SPEC.md allows the one asked", arguments: [
        (502, 401, 401), (502, 403, 403), (503, 405, 405), (502, 418, 400), (503, 401, 404), (505, 500, 429),
        (510, 416, 416), (504, nil, 413),
    ] as [(Int, Int?, Int)])
    func statusFollowsTheSpec(code: Int, asked: Int?, sent: Int) {
        #expect(FolioHTTPError(FolioWireError.Code(rawValue: code), "m", status: asked).status == sent)
    }
}
