import Foundation
import Testing
import FolioBenchKit

@Suite struct DayOfChangesTests {
    static let archive = ArchiveGenerator(seed: 11, count: 500)
    static let day = DayOfChanges(archive: archive)

    @Test func sameSeedGivesTheSameDay() {
        let again = DayOfChanges(archive: ArchiveGenerator(seed: 11, count: 500))
        #expect(again.added == Self.day.added)
        #expect(again.corrected == Self.day.corrected)
        #expect(again.edits == Self.day.edits)
        #expect(again.unpublished == Self.day.unpublished)
        #expect(again.comments == Self.day.comments)
    }

    @Test func countsAreThoseOfIssueSix() {
        #expect(Self.day.added.count == 30)
        #expect(Self.day.corrected.count == 60)
        #expect(Self.day.edits.count == 60)
        #expect(Self.day.unpublished.count == 3)
        #expect(Self.day.comments.count == 300)
        #expect(Self.day.comments.allSatisfy { $0.status == "approved" })
    }

    @Test func newArticlesHaveNewIdsAndCorrectionsAndRemovalsAreDistinct() {
        let existing = Set((0..<500).map(ArchiveGenerator.id(of:)))
        #expect(Self.day.added.allSatisfy { !existing.contains($0.id) })
        #expect(Set(Self.day.added.map(\.id)).count == 30)
        let corrected = Set(Self.day.corrected.map(\.id))
        #expect(corrected.count == 60 && corrected.isSubset(of: existing))
        #expect(Set(Self.day.unpublished).isDisjoint(with: corrected))
        let removed = Set(Self.day.unpublished)
        #expect(Self.day.comments.allSatisfy { !removed.contains($0.articleId) })
    }

    @Test func correctionsAreSmallAndOfEveryKind() {
        #expect(Set(Self.day.edits.map(\.kind)) == Set(BenchEdit.Kind.allCases))
        for (row, edit) in zip(Self.day.corrected, Self.day.edits) {
            let original = Self.archive.article(Int(row.id - ArchiveGenerator.firstID))
            #expect(row.updatedAt > original.updatedAt)
            switch edit.kind {
            case .title:
                #expect(row.title != original.title && row.body == original.body)
            case .typo, .sentence:
                #expect(row.title == original.title && row.body != original.body)
                #expect(edit.inserted.utf8.count < 400)
                // The edit describes the change exactly.
                var bytes = Array(original.body.utf8)
                bytes.replaceSubrange(edit.offset..<(edit.offset + edit.removed), with: Array(edit.inserted.utf8))
                #expect(String(decoding: bytes, as: UTF8.self) == row.body)
            }
            if edit.kind == .typo { #expect(edit.removed == edit.inserted.utf8.count) }
        }
    }

    @Test func floorIsSmallerThanGzipJSON() throws {
        let sizes = try FeedBaselines.day(Self.day)
        #expect(sizes.floorBytes > 0 && sizes.floorBytes < sizes.gzipJSONBytes)
        #expect(sizes.floorRawBytes < sizes.jsonBytes)
    }
}
