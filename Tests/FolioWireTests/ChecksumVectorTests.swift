import FolioWire
import Testing

/// `checksums.json` and `cursors.json` (SPEC.md §7, §16.4, §16.5).
@Suite struct ChecksumVectorTests {
    static func int64(_ value: Any?) -> Int64 { Int64(value as? String ?? "") ?? Int64.min }
    static func uint64(_ value: Any?) -> UInt64 { UInt64(value as? String ?? "") ?? 0xDEAD }

    @Test func itemHashesMatch() throws {
        let items = try Vectors.object("checksums.json")["items"] as? [[String: Any]] ?? []
        #expect(!items.isEmpty)
        for item in items {
            #expect(ArchiveChecksum.itemHash(id: Self.int64(item["id"]), revision: Self.int64(item["revision"]))
                    == Self.uint64(item["hash"]))
        }
    }

    @Test func setAndBucketSumsMatchInAnyInsertionOrder() throws {
        let sets = try Vectors.object("checksums.json")["sets"] as? [[String: Any]] ?? []
        #expect(sets.count >= 4)
        for set in sets {
            let items = (set["items"] as? [[String]] ?? []).map { (Self.int64($0[0]), Self.int64($0[1])) }
            for order in [items, items.reversed()] {
                var sums = try BucketedChecksum(width: Int64(set["width"] as? Int ?? 0))
                for (id, revision) in order { sums.insert(id: id, revision: revision) }
                #expect(sums.total == ArchiveChecksum(count: Self.uint64(set["count"]), sum: Self.uint64(set["sum"])))
                let buckets = (set["buckets"] as? [[String: String]] ?? []).map {
                    [Self.int64($0["bucket"]), Int64(bitPattern: Self.uint64($0["count"])), Int64(bitPattern: Self.uint64($0["sum"]))]
                }
                #expect(sums.messages.map { [$0.bucket, Int64($0.count), Int64(bitPattern: $0.sum)] } == buckets)
            }
        }
    }

    @Test func comparisonsFindTheDifferingBuckets() throws {
        let file = try Vectors.object("checksums.json")
        let sets = file["sets"] as? [[String: Any]] ?? []
        for comparison in file["comparisons"] as? [[String: Any]] ?? [] {
            func load(_ name: Any?) throws -> BucketedChecksum {
                var sums = try BucketedChecksum(width: Int64(comparison["width"] as? Int ?? 0))
                let set = sets.first { $0["name"] as? String == name as? String } ?? [:]
                for pair in set["items"] as? [[String]] ?? [] { sums.insert(id: Self.int64(pair[0]), revision: Self.int64(pair[1])) }
                return sums
            }
            let client = try load(comparison["client"]), server = try load(comparison["server"])
            let differing = client.differingBuckets(from: server.buckets)
            #expect(differing.map(String.init) == comparison["differingBuckets"] as? [String])
            let ranges = differing.map { client.idRange(ofBucket: $0) }.map {
                ["first": String($0.lowerBound), "last": String($0.upperBound)]
            }
            #expect(ranges == comparison["repairRanges"] as? [[String: String]])
        }
    }

    @Test func incrementalMaintenanceEqualsRecomputation() throws {
        var live = try BucketedChecksum(width: 256)
        for id in Int64(1)...600 { live.insert(id: id, revision: 1) }
        for id in stride(from: Int64(1), through: 600, by: 5) { live.remove(id: id, revision: 1); live.insert(id: id, revision: 2) }
        for id in stride(from: Int64(3), through: 600, by: 50) { live.remove(id: id, revision: 1) }
        var fresh = try BucketedChecksum(width: 256)
        for id in Int64(1)...600 where !(id % 50 == 3) {
            fresh.insert(id: id, revision: id % 5 == 1 ? 2 : 1)
        }
        #expect(live == fresh)
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
            let cursor = SyncCursor(epoch: Self.uint64(entry["epoch"]), sequence: Self.uint64(entry["sequence"]))
            #expect(HexText.encode(cursor.encoded) == entry["hex"])
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
