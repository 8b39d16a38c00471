import FolioVectorKit
import Foundation
import Testing

/// The figures in SPEC.md §15 are the ones `folio-vectors measure` prints,
/// and the conclusions drawn from them still hold.
@Suite struct MeasurementsTests {
    static let spec = (try? String(
        contentsOf: CommittedVectorsTests.directory.deletingLastPathComponent().appendingPathComponent("SPEC.md"),
        encoding: .utf8)) ?? ""

    @Test func theSpecTablesHoldTheMeasuredFigures() throws {
        let figures = try Measurements.run()
        #expect(Self.spec.contains("English body of \(figures.bodyBytes) bytes"))
        #expect(Self.spec.contains("| whole new body, deflated | \(figures.bodyDeflated) |"))
        #expect(Self.spec.contains("| copy/insert delta (§8.2) | \(figures.copyInsertDelta) |"))
        #expect(Self.spec.contains("| copy/insert delta inside a deflated frame | \(figures.copyInsertDeltaDeflated) |"))
        #expect(Self.spec.contains("| deflate of the new body with the old body as preset dictionary | \(figures.deflateWithBase) |"))
        for page in figures.pages {
            #expect(Self.spec.contains("| \(page.name) | \(page.plain) | \(page.deflated) |"), "\(page.name)")
            #expect(Self.spec.contains("| \(page.withDictionary) |"), "\(page.name)")
        }
    }

    @Test func theConclusionsHold() throws {
        let figures = try Measurements.run()
        #expect(figures.copyInsertDelta < figures.deflateWithBase)
        #expect(figures.copyInsertDelta < figures.bodyDeflated / 5)
        for page in figures.pages {
            #expect(page.withDictionary < page.deflated, "\(page.name)")
        }
    }
}
