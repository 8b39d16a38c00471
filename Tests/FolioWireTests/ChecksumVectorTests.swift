import FolioWire
import Foundation
import SwiftProtobuf
import Testing

/// `checksums.json` and `cursors.json` (SPEC.md §7, §16.4, §16.5).
@Suite struct ChecksumVectorTests {
    static func int64(_ value: Any?) -> Int64 { Int64(value as? String ?? "") ?? Int64.min }
    static func uint64(_ value: Any?) -> UInt64 { UInt64(value as? String ?? "") ?? 0xDEAD }

    @Test func articleItemsMatchTheirCanonicalBytesAndHashes() throws {
        let entries = try Vectors.object("checksums.json")["articles"] as? [[String: Any]] ?? []
        #expect(entries.count >= 3)
        for entry in entries {
            let json = try JSONSerialization.data(withJSONObject: entry["article"] ?? [:])
            let article = try WireArticle(jsonUTF8Data: json)
            let canonical = ChecksumItem.canonical(article)
            #expect(HexText.encode(canonical) == entry["canonical"] as? String)
            #expect(String(ZlibChecksum.crc32(canonical)) == entry["crc32"] as? String)
            #expect(String(ZlibChecksum.adler32(canonical)) == entry["adler32"] as? String)
            #expect(ChecksumItem.article(article) == Self.uint64(entry["hash"]))
        }
    }

    @Test func commentItemsCoverPublicFieldsOnly() throws {
        let entries = try Vectors.object("checksums.json")["comments"] as? [[String: Any]] ?? []
        #expect(entries.count >= 2)
        for entry in entries {
            let json = try JSONSerialization.data(withJSONObject: entry["comment"] ?? [:])
            var comment = try WireComment(jsonUTF8Data: json)
            #expect(HexText.encode(ChecksumItem.canonical(comment)) == entry["canonical"] as? String)
            #expect(ChecksumItem.comment(comment) == Self.uint64(entry["hash"]))
            comment.email = "someone@example.org"
            comment.idempotencyKey = Data(repeating: 7, count: 16)
            comment.status = .pending
            #expect(ChecksumItem.comment(comment) == Self.uint64(entry["hash"]), "private fields are not hashed")
        }
    }

    @Test(arguments: ["title", "body", "regions", "related", "revision", "kind"])
    func changingAnyArticleFieldChangesItsItem(field: String) throws {
        let entries = try Vectors.object("checksums.json")["articles"] as? [[String: Any]] ?? []
        let json = try JSONSerialization.data(withJSONObject: entries.first?["article"] ?? [:])
        let article = try WireArticle(jsonUTF8Data: json)
        var changed = article
        switch field {
        case "title": changed.title = "Kazachi" + changed.title.dropFirst(7)
        case "body": changed.body += " "
        case "regions": changed.regions.append("pakistan")
        case "related": changed.related.reverse()
        case "revision": changed.revision += 1
        default: changed.kind = changed.kind == .report ? .interview : .report
        }
        #expect(ChecksumItem.article(changed) != ChecksumItem.article(article))
    }

    static func load(_ set: [String: Any], width: Int64, reversed: Bool = false) throws -> BucketedChecksum {
        var sums = try BucketedChecksum(width: width)
        let items = set["items"] as? [[String: String]] ?? []
        for item in reversed ? items.reversed() : items {
            if item["kind"] == "article" {
                sums.addArticle(id: int64(item["id"]), item: uint64(item["hash"]))
            } else {
                sums.addComment(articleID: int64(item["articleId"]), item: uint64(item["hash"]))
            }
        }
        return sums
    }

    @Test func setAndBucketSumsMatchInAnyInsertionOrder() throws {
        let sets = try Vectors.object("checksums.json")["sets"] as? [[String: Any]] ?? []
        #expect(sets.count >= 4)
        for set in sets {
            for reversed in [false, true] {
                let sums = try Self.load(set, width: Int64(set["width"] as? Int ?? 0), reversed: reversed)
                #expect(sums.total == ArchiveChecksum(count: Self.uint64(set["count"]), sum: Self.uint64(set["sum"]),
                                                      comments: Self.uint64(set["comments"])))
                let buckets = (set["buckets"] as? [[String: String]] ?? []).map {
                    [Self.int64($0["bucket"]), Int64(bitPattern: Self.uint64($0["count"])),
                     Int64(bitPattern: Self.uint64($0["sum"])), Int64(bitPattern: Self.uint64($0["commentCount"]))]
                }
                #expect(sums.messages.map {
                    [$0.bucket, Int64($0.count), Int64(bitPattern: $0.sum), Int64($0.commentCount)]
                } == buckets)
            }
        }
    }

    @Test func comparisonsFindTheDifferingBuckets() throws {
        let file = try Vectors.object("checksums.json")
        let sets = file["sets"] as? [[String: Any]] ?? []
        for comparison in file["comparisons"] as? [[String: Any]] ?? [] {
            let width = Int64(comparison["width"] as? Int ?? 0)
            func load(_ name: Any?) throws -> BucketedChecksum {
                try Self.load(sets.first { $0["name"] as? String == name as? String } ?? [:], width: width)
            }
            let client = try load(comparison["client"]), server = try load(comparison["server"])
            let differing = client.differingBuckets(from: server.buckets)
            #expect(differing.map(String.init) == comparison["differingBuckets"] as? [String])
            #expect(differing.count == 4, "an edit, a publication, a tombstone and a comment approval")
            let ranges = differing.map { client.idRange(ofBucket: $0) }.map {
                ["first": String($0.lowerBound), "last": String($0.upperBound)]
            }
            #expect(ranges == comparison["repairRanges"] as? [[String: String]])
        }
    }

    @Test func incrementalMaintenanceEqualsRecomputation() throws {
        func item(_ id: Int64, _ revision: Int64) -> UInt64 {
            ChecksumItem.comment(id: id, articleID: revision, name: "n", text: "t", createdAt: 0)
        }
        var live = ArchiveChecksum()
        for id in Int64(1)...600 { live.addArticle(item(id, 1)) }
        for id in stride(from: Int64(1), through: 600, by: 5) { live.removeArticle(item(id, 1)); live.addArticle(item(id, 2)) }
        for id in stride(from: Int64(3), through: 600, by: 50) { live.removeArticle(item(id, 1)) }
        for id in Int64(1)...40 { live.addComment(item(-id, 9)) }
        for id in Int64(1)...10 { live.removeComment(item(-id, 9)) }
        var fresh = ArchiveChecksum()
        for id in Int64(1)...600 where !(id % 50 == 3) { fresh.addArticle(item(id, id % 5 == 1 ? 2 : 1)) }
        for id in Int64(11)...40 { fresh.addComment(item(-id, 9)) }
        #expect(live == fresh)
        #expect(live - fresh == .empty)
    }

    @Test(arguments: [0, 3, 1000, 1 << 25])
    func invalidBucketWidthsAreRejected(width: Int64) {
        #expect(Vectors.code { _ = try BucketedChecksum(width: width) } == 602)
    }

    @Test func cursorsMatchTheirEncodings() throws {
        let file = try Vectors.object("cursors.json")
        let valid = file["valid"] as? [[String: String]] ?? []
        #expect(!valid.isEmpty)
        for entry in valid {
            let cursor = SyncCursor(epoch: Self.uint64(entry["epoch"]), sequence: Self.uint64(entry["sequence"]),
                                    settled: Self.uint64(entry["settled"]), firstHead: Self.uint64(entry["firstHead"]))
            #expect(HexText.encode(cursor.encoded) == entry["hex"])
            #expect(try SyncCursor(decoding: HexText.decode(entry["hex"] ?? "") ?? []) == cursor)
        }
        // Version 1 cursors (21 bytes), which stores written before version 2.1 hold, still decode.
        let version1 = file["version1"] as? [[String: String]] ?? []
        #expect(!version1.isEmpty)
        for entry in version1 {
            let cursor = SyncCursor(epoch: Self.uint64(entry["epoch"]), sequence: Self.uint64(entry["sequence"]),
                                    settled: Self.uint64(entry["settled"]), firstHead: Self.uint64(entry["firstHead"]))
            #expect(try SyncCursor(decoding: HexText.decode(entry["hex"] ?? "") ?? []) == cursor)
        }
        let invalid = file["invalid"] as? [[String: Any]] ?? []
        #expect(!invalid.isEmpty)
        for entry in invalid {
            let bytes = try Vectors.bytes(entry)
            #expect(Vectors.code { _ = try SyncCursor(decoding: bytes) } == entry["error"] as? Int)
        }
    }

    @Test func aCursorOfAnotherEpochIsRefused() {
        #expect(Vectors.code { try SyncCursor(epoch: 2, sequence: 9).requireEpoch(3) } == 402)
    }
}
