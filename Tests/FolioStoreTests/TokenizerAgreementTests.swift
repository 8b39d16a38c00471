import FolioWire
import Foundation
import GRDB
import Testing

/// SPEC.md §13.2: the reference store indexes folded text with SQLite FTS5's
/// `unicode61 remove_diacritics 2` tokenizer, which folds case and
/// diacritics on its own and has its own (older) Unicode tables. The spec
/// promises that folding and the token rule alone decide what matches, so
/// the tokenizer must add nothing to folded text.
@Suite struct TokenizerAgreementTests {
    /// Every assigned scalar's folded form, alone and between two letters,
    /// tokenized by FTS5, gives the tokens of ``SearchFolding/tokens(_:)``:
    /// the same token characters (``TokenCharacters``) and the same text.
    @Test("FTS5's tokenizer adds nothing to folded text: for every assigned scalar, alone and inside a word, its tokens are SearchFolding's")
    func tokenizerAddsNothingToFolding() throws {
        let queue = try DatabaseQueue()
        let differences: [String] = try queue.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE probe USING fts5(t, tokenize = 'unicode61 remove_diacritics 2')")
            try db.execute(sql: "CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance')")
            var expected: [Int64: [String]] = [:]
            let insert = try db.makeStatement(sql: "INSERT INTO probe (rowid, t) VALUES (?, ?)")
            for value in UInt32(0x21)...0x10FFFF {
                guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned,
                      scalar.properties.generalCategory != .surrogate else { continue }
                // The scalar alone (doc id = value) and between two letters
                // (doc id = value + 2^21): folded, then tokenized by both.
                for (offset, text) in [(Int64(0), String(Character(scalar))), (Int64(1 << 21), "a\(Character(scalar))a")] {
                    let tokens = SearchFolding.tokens(text)
                    try insert.execute(arguments: [Int64(value) + offset, SearchFolding.fold(text)])
                    if !tokens.isEmpty { expected[Int64(value) + offset] = tokens }
                }
            }
            var actual: [Int64: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT doc, term FROM probe_terms ORDER BY doc, offset")
            while let row = try rows.next() {
                actual[row[0], default: []].append(row[1])
            }
            var differences: [String] = []
            for id in Set(expected.keys).union(actual.keys).sorted() where expected[id] != actual[id] {
                let hex = String(id & 0x1F_FFFF, radix: 16, uppercase: true) + (id >= 1 << 21 ? " between letters" : "")
                let show = { (tokens: [String]?) in
                    (tokens ?? []).map { $0.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: "+") }
                }
                differences.append("U+\(hex): folding \(show(expected[id])) fts5 \(show(actual[id]))")
            }
            return differences
        }
        if let out = ProcessInfo.processInfo.environment["FOLIO_TOKENIZER_DIFF"] {
            try differences.joined(separator: "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        #expect(differences.isEmpty, "\(differences.count) scalars differ, first: \(differences.prefix(20))")
    }
}
