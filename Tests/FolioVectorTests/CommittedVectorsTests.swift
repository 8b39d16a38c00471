import FolioVectorKit
import Foundation
import Testing

/// The committed `Protocol/vectors` must equal what the generator writes
/// now (SPEC.md §16): nobody edits a vector by hand.
@Suite struct CommittedVectorsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    @Test func committedVectorsEqualFreshlyGeneratedOnes() throws {
        let files = try VectorGenerator.files()
        #expect(files.count == 10)
        for file in files {
            let committed = try Data(contentsOf: Self.directory.appendingPathComponent(file.name))
            #expect(committed == file.contents, "\(file.name) differs; run: swift run folio-vectors write")
        }
    }

    @Test func generationIsDeterministic() throws {
        let first = try VectorGenerator.files().map(\.contents)
        let second = try VectorGenerator.files().map(\.contents)
        #expect(first == second)
    }
}
