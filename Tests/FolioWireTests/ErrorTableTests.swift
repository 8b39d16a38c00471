import Foundation
import FolioWire
import Testing

/// SPEC.md §12.1 and the code: every row of the table is a code of
/// `FolioWireError.Code` with the same number, name and HTTP status, and the
/// code has no number the table lacks.
@Suite struct ErrorTableTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `(number, name, status)` of each row of the §12.1 table; status nil for `(client)`.
    static func specRows() throws -> [(Int, String, Int?)] {
        let spec = try String(contentsOf: root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        let section = try #require(spec.components(separatedBy: "### 12.1").dropFirst().first?
            .components(separatedBy: "**Statuses beside the table.**").first)
        return section.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 4, cells[1].count == 3, let number = Int(cells[1]) else { return nil }
            return (number, cells[2], Int(cells[3]))
        }
    }

    /// `(number, name)` of each code declared in FolioWireError+Codes.swift.
    static func declaredCodes() throws -> [(Int, String)] {
        let source = try String(
            contentsOf: root.appendingPathComponent("Sources/FolioWire/Errors/FolioWireError+Codes.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"public static let (\w+) = Self\(rawValue: (\d+)\)"#)
        return pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap { match in
            guard let name = Range(match.range(at: 1), in: source), let number = Range(match.range(at: 2), in: source),
                  let value = Int(source[number]) else { return nil }
            return (value, String(source[name]))
        }
    }

    @Test("every row of the SPEC.md §12.1 table is a declared code with the same name and HTTP status, and no code is missing")
    func tableMatchesTheCodes() throws {
        let rows = try Self.specRows()
        let declared = try Self.declaredCodes()
        #expect(rows.count >= 36)
        #expect(rows.map(\.0) == rows.map(\.0).sorted(), "the table is in code order")
        #expect(Set(rows.map { "\($0.0) \($0.1)" }) == Set(declared.map { "\($0.0) \($0.1)" }))
        for (number, name, status) in rows {
            #expect(FolioWireError.Code(rawValue: number).httpStatus == status, "E\(number) \(name)")
        }
    }

    @Test("an error response a client cannot read falls back by HTTP status class (SPEC.md §12.1)",
          arguments: [(400, 502), (404, 502), (429, 502), (500, 507), (503, 507)])
    func fallbackByStatusClass(status: Int, expected: Int) {
        #expect(FolioWireError.Code.fallback(forHTTPStatus: status).rawValue == expected)
    }
}
