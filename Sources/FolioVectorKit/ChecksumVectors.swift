import FolioWire

/// Builds `checksums.json` and `cursors.json` (SPEC.md §16.4, §16.5).
/// 64-bit unsigned values are decimal strings, as in the proto3 JSON mapping.
struct ChecksumVectors {
    func checksums() throws -> [String: Any] {
        let items: [(Int64, Int64)] = [(0, 0), (1, 1), (1, 2), (2, 1), (42, 7), (1024, 1), (-1, 1),
                                       (Int64.max, Int64.max), (9_007_199_254_740_993, 3)]
        let itemEntries = items.map { id, revision in
            ["name": "item-\(id)-\(revision)", "id": String(id), "revision": String(revision),
             "hash": String(ArchiveChecksum.itemHash(id: id, revision: revision))]
        }
        var sets: [[String: Any]] = []
        let server = (1...40).map { Int64($0 * 97) }.map { ($0, $0 % 5 + 1) }
        var client = server
        client[3].1 += 1                       // a missed edit in bucket 0
        client.remove(at: 30)                  // a missed publication in bucket 2
        client.append((5000, 1))               // a missed tombstone in bucket 4
        for (name, width, members) in [("empty", Int64(1024), []), ("single", 1024, [(Int64(7), Int64(1))]),
                                       ("server", 1024, server), ("client", 1024, client),
                                       ("server-width-256", 256, server)] {
            var bucketed = try BucketedChecksum(width: width)
            for (id, revision) in members { bucketed.insert(id: id, revision: revision) }
            sets.append([
                "name": name,
                "width": Int(width),
                "items": members.map { [String($0.0), String($0.1)] },
                "count": String(bucketed.total.count),
                "sum": String(bucketed.total.sum),
                "buckets": bucketed.messages.map {
                    ["bucket": String($0.bucket), "count": String($0.count), "sum": String($0.sum)]
                },
            ])
        }
        var serverSums = try BucketedChecksum(width: 1024)
        var clientSums = try BucketedChecksum(width: 1024)
        for (id, revision) in server { serverSums.insert(id: id, revision: revision) }
        for (id, revision) in client { clientSums.insert(id: id, revision: revision) }
        let differing = clientSums.differingBuckets(from: serverSums.buckets)
        let comparison: [String: Any] = [
            "client": "client", "server": "server", "width": 1024,
            "differingBuckets": differing.map(String.init),
            "repairRanges": differing.map { ["first": String(clientSums.idRange(ofBucket: $0).lowerBound),
                                             "last": String(clientSums.idRange(ofBucket: $0).upperBound)] },
        ]
        return ["items": itemEntries, "sets": sets, "comparisons": [comparison]]
    }

    func cursors() -> [String: Any] {
        let valid: [(UInt64, UInt64)] = [(0, 0), (1, 1), (7, 1042), (0x0123_4567_89AB_CDEF, UInt64.max)]
        let good = SyncCursor(epoch: 7, sequence: 1042).encoded
        var flipped = good
        flipped[10] ^= 0x01
        var badCheck = good
        badCheck[20] ^= 0xFF
        let invalid: [(String, [UInt8])] = [
            ("empty", []), ("short", Array(good.dropLast())), ("long", good + [0]),
            ("version-2", [2] + good.dropFirst()), ("sequence-bit-flip", flipped), ("check-value-wrong", badCheck),
        ]
        return [
            "valid": valid.map { epoch, sequence in
                ["name": "epoch-\(epoch)-sequence-\(sequence)", "epoch": String(epoch), "sequence": String(sequence),
                 "hex": Hex.encode(SyncCursor(epoch: epoch, sequence: sequence).encoded)]
            },
            "invalid": invalid.map { ["name": $0.0, "hex": Hex.encode($0.1), "error": 401] },
        ]
    }
}
