import FolioWire
import Foundation
import SwiftProtobuf

/// Builds `checksums.json` and `cursors.json` (SPEC.md §16.4, §16.5).
/// 64-bit unsigned values are decimal strings, as in the proto3 JSON mapping.
struct ChecksumVectors {
    func checksums() throws -> [String: Any] {
        var corpus = Corpus(seed: 0xC4EC)
        var english = Samples.article(&corpus, id: 1201, bodyBytes: 300)
        english.revision = 5
        english.related = [1198, 1194]
        var persian = Samples.article(&corpus, id: 1202, language: "fa", bodyBytes: 300)
        persian.revision = 1
        persian.related = []
        var empty = WireArticle()
        empty.id = 7
        empty.revision = 1
        let articles = [("article-1201", english), ("article-1202-fa", persian), ("article-7-empty-fields", empty)]
        let approved = corpus.comment(id: 87, articleID: 1201)
        var persianComment = corpus.comment(id: 88, articleID: 1202)
        persianComment.name = "مریم"
        persianComment.text = "ممنون از گزارش دقیق شما"
        let comments = [("comment-87", approved), ("comment-88-fa", persianComment)]

        // Sets: a server and a client that missed an edit (bucket 0), a
        // publication (bucket 2), a tombstone (bucket 4) and the approval of
        // a comment (bucket 6).
        var server: [Member] = []
        for index in 1...40 {
            let id = Int64(index * 97)
            var article = Samples.article(&corpus, id: id, bodyBytes: 60)
            article.revision = id % 5 + 1
            server.append(.article(article))
        }
        var withComment = Samples.article(&corpus, id: 6200, bodyBytes: 60)
        withComment.revision = 2
        server.append(.article(withComment))
        server.append(.comment(corpus.comment(id: 501, articleID: 6200)))
        server.append(.comment(corpus.comment(id: 502, articleID: 6200)))
        var client = server
        if case .article(var edited) = client[3] {
            edited.title += "!"
            client[3] = .article(edited)
        }
        client.remove(at: 30)
        var gone = Samples.article(&corpus, id: 5000, bodyBytes: 60)
        gone.revision = 1
        client.append(.article(gone))
        client.removeAll { member in
            if case .comment(let comment) = member { return comment.id == 502 }
            return false
        }
        var sets: [[String: Any]] = []
        for (name, width, members) in [("empty", Int64(1024), [Member]()), ("single", 1024, [.article(english)]),
                                       ("server", 1024, server), ("client", 1024, client),
                                       ("server-width-256", 256, server)] {
            let bucketed = try Self.bucketed(members, width: width)
            sets.append([
                "name": name,
                "width": Int(width),
                "items": members.map(\.entry),
                "count": String(bucketed.total.count),
                "sum": String(bucketed.total.sum),
                "comments": String(bucketed.total.comments),
                "buckets": bucketed.messages.map {
                    ["bucket": String($0.bucket), "count": String($0.count), "sum": String($0.sum),
                     "commentCount": String($0.commentCount)]
                },
            ])
        }
        let serverSums = try Self.bucketed(server, width: 1024)
        let clientSums = try Self.bucketed(client, width: 1024)
        let differing = clientSums.differingBuckets(from: serverSums.buckets)
        let comparison: [String: Any] = [
            "client": "client", "server": "server", "width": 1024,
            "differingBuckets": differing.map(String.init),
            "repairRanges": differing.map { ["first": String(clientSums.idRange(ofBucket: $0).lowerBound),
                                             "last": String(clientSums.idRange(ofBucket: $0).upperBound)] },
        ]
        return [
            "articles": try articles.map { name, article in try Self.articleEntry(name, article) },
            "comments": try comments.map { name, comment in try Self.commentEntry(name, comment) },
            "sets": sets,
            "comparisons": [comparison],
        ]
    }

    /// A member of a checksum set: an article or an approved comment.
    enum Member {
        case article(WireArticle)
        case comment(WireComment)

        var entry: [String: Any] {
            switch self {
            case .article(let article):
                ["kind": "article", "id": String(article.id), "hash": String(ChecksumItem.article(article))]
            case .comment(let comment):
                ["kind": "comment", "id": String(comment.id), "articleId": String(comment.articleID),
                 "hash": String(ChecksumItem.comment(comment))]
            }
        }
    }

    static func bucketed(_ members: [Member], width: Int64) throws -> BucketedChecksum {
        var bucketed = try BucketedChecksum(width: width)
        for member in members {
            switch member {
            case .article(let article): bucketed.addArticle(id: article.id, item: ChecksumItem.article(article))
            case .comment(let comment): bucketed.addComment(articleID: comment.articleID, item: ChecksumItem.comment(comment))
            }
        }
        return bucketed
    }

    static func articleEntry(_ name: String, _ article: WireArticle) throws -> [String: Any] {
        try entry(name, key: "article", article, canonical: ChecksumItem.canonical(article),
                  hash: ChecksumItem.article(article))
    }

    static func commentEntry(_ name: String, _ comment: WireComment) throws -> [String: Any] {
        try entry(name, key: "comment", comment, canonical: ChecksumItem.canonical(comment),
                  hash: ChecksumItem.comment(comment))
    }

    /// One entry of `articles` or `comments`: the message in the proto3 JSON
    /// mapping, its canonical bytes (SPEC.md §7.2), their digests and the item.
    static func entry<M: SwiftProtobuf.Message>(_ name: String, key: String, _ message: M, canonical: [UInt8],
                                                hash: UInt64) throws -> [String: Any] {
        [
            "name": name,
            key: try JSONSerialization.jsonObject(with: Data(try message.jsonString(options: FrameVectors.jsonOptions).utf8)),
            "canonical": Hex.encode(canonical),
            "crc32": String(ZlibChecksum.crc32(canonical)),
            "adler32": String(ZlibChecksum.adler32(canonical)),
            "hash": String(hash),
        ]
    }

    func cursors() -> [String: Any] {
        let valid: [(UInt64, UInt64, UInt64, UInt64)] = [
            (0, 0, 0, 0), (1, 1, 1, 1), (7, 1042, 1042, 1042), (7, 1045, 1042, 1050),
            (0x0123_4567_89AB_CDEF, UInt64.max, 99, 100),
        ]
        let good = SyncCursor(epoch: 7, sequence: 1042).encoded
        var flipped = good
        flipped[10] ^= 0x01
        var badCheck = good
        badCheck[36] ^= 0xFF
        // Settled after the sequence, with a correct check value.
        var late = Array(good.prefix(17)) + [0, 0, 0, 0, 0, 0, 0x04, 0x13] + Array(good[25..<33])
        late += Self.bigEndian(ZlibChecksum.crc32(late))
        var version1 = Array(good.prefix(17))
        version1[0] = 1
        version1 += Self.bigEndian(ZlibChecksum.crc32(version1))
        let invalid: [(String, [UInt8])] = [
            ("empty", []), ("short", Array(good.dropLast())), ("long", good + [0]),
            ("version-3", [3] + good.dropFirst()), ("sequence-bit-flip", flipped), ("check-value-wrong", badCheck),
            ("settled-after-sequence", late), ("version-1-long", version1 + [0]),
        ]
        return [
            "valid": valid.map { epoch, sequence, settled, firstHead in
                ["name": "epoch-\(epoch)-sequence-\(sequence)"
                    + (settled == sequence ? "" : "-settled-\(settled)-first-head-\(firstHead)"),
                 "epoch": String(epoch), "sequence": String(sequence), "settled": String(settled),
                 "firstHead": String(firstHead),
                 "hex": Hex.encode(SyncCursor(epoch: epoch, sequence: sequence, settled: settled, firstHead: firstHead).encoded)]
            },
            "version1": [
                ["name": "version-1-epoch-7-sequence-1042", "epoch": "7", "sequence": "1042", "settled": "1042",
                 "firstHead": "1042", "hex": Hex.encode(version1)],
            ],
            "invalid": invalid.map { ["name": $0.0, "hex": Hex.encode($0.1), "error": 401] },
        ]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

}
