import Foundation
import FolioStore
import Testing

/// How far a first sync applied each snapshot part is kept with the group
/// that got there (SPEC.md §11), so that a part resumes from its last frame.
@Suite struct BootstrapProgressTests {
    @Test(arguments: StoreKind.allCases)
    func partInProgressIsRecordedWithItsGroupUntilItCompletes(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let etag = "\"sha256-ab\""
        try store.apply(SyncBatch(cursor: nil, articles: [Fixtures.article(id: 1)],
                                  bootstrapProgress: BootstrapPartProgress(path: "parts/a", appliedBytes: 120, etag: etag)))
        #expect(try store.appliedBootstrapParts().isEmpty, "a part in progress is not applied")
        #expect(try store.bootstrapPartsInProgress()
            == ["parts/a": BootstrapPartProgress(path: "parts/a", appliedBytes: 120, etag: etag)])

        try store.apply(SyncBatch(cursor: nil, articles: [Fixtures.article(id: 2)],
                                  bootstrapProgress: BootstrapPartProgress(path: "parts/a", appliedBytes: 300, etag: etag)))
        #expect(try store.bootstrapPartsInProgress()["parts/a"]?.appliedBytes == 300)

        try store.apply(SyncBatch(cursor: nil, articles: [Fixtures.article(id: 3)], bootstrapPart: "parts/a",
                                  bootstrapProgress: BootstrapPartProgress(path: "parts/a", appliedBytes: 410, etag: etag)))
        #expect(try store.appliedBootstrapParts() == ["parts/a"])
        #expect(try store.bootstrapPartsInProgress().isEmpty)
        // A later group naming the completed part does not reopen it.
        try store.apply(SyncBatch(cursor: nil,
                                  bootstrapProgress: BootstrapPartProgress(path: "parts/a", appliedBytes: 10, etag: etag)))
        #expect(try store.appliedBootstrapParts() == ["parts/a"])

        try store.apply(SyncBatch(cursor: Data("snap".utf8)))
        #expect(try store.appliedBootstrapParts().isEmpty && (try store.bootstrapPartsInProgress()).isEmpty)
    }

    @Test func progressOfAFailedGroupIsNotKept() throws {
        let store = try FolioStore.inMemory()
        var bad = Fixtures.article(id: 1)
        bad.language = "not a language"
        #expect(throws: FolioStoreError.self) {
            try store.apply(SyncBatch(cursor: nil, articles: [bad],
                                      bootstrapProgress: BootstrapPartProgress(path: "parts/a", appliedBytes: 99)))
        }
        #expect(try store.bootstrapPartsInProgress().isEmpty)
    }
}
