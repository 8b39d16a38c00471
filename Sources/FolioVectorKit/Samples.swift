import Foundation
import SwiftProtobuf
import FolioWire

/// The fixed messages behind the frame vectors and SPEC.md's examples.
enum Samples {
    static let cursor = SyncCursor(epoch: 7, sequence: 1042).encoded
    static let nextCursor = SyncCursor(epoch: 7, sequence: 1045).encoded
    /// A fixed UUIDv7 (2026-01-01T00:00:00Z) used as an idempotency key.
    static let key1: [UInt8] = [0x01, 0x9b, 0x77, 0x4f, 0x88, 0x00, 0x7a, 0x31, 0x8c, 0x2e, 0x4d, 0x5b, 0x01, 0x23, 0x45, 0x67]
    static let key2: [UInt8] = [0x01, 0x9b, 0x77, 0x4f, 0x88, 0x01, 0x7b, 0x02, 0x9d, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77]
    static let clientKey: [UInt8] = Array(0x10...0x1F)

    static func article(_ corpus: inout Corpus, id: Int64, language: String = "en", bodyBytes: Int = 600) -> WireArticle {
        corpus.article(id: id, language: language, bodyBytes: bodyBytes)
    }

    static func serverInfo(dictionaries: [PresetDictionary]) -> WireServerInfo {
        var info = WireServerInfo()
        info.protocolVersions = [2]
        info.dictionaries = dictionaries.map(\.info)
        info.maxFrameBytes = 8 << 20
        info.maxWaitSeconds = 60
        info.bucketWidth = 1024
        return info
    }

    static func initialPull(dictionaries: [PresetDictionary]) -> WirePullRequest {
        var request = WirePullRequest()
        request.waitSeconds = 0
        request.dictionaries = dictionaries.map(\.id)
        request.clientKey = Data(clientKey)
        return request
    }

    static func longPoll() -> WirePullRequest {
        var request = WirePullRequest()
        request.cursor = Data(cursor)
        request.waitSeconds = 30
        request.maxChanges = 200
        request.clientKey = Data(clientKey)
        return request
    }

    static func page(language: String) -> WirePullResponse {
        var corpus = Corpus(seed: language == "fa" ? 0x5EED_FA : 0x5EED_E0)
        var response = WirePullResponse()
        response.cursor = Data(nextCursor)
        var full = WireArticleChange()
        let article = Samples.article(&corpus, id: 1201, language: language)
        full.id = 1201
        full.revision = article.revision
        full.full = article
        var patched = WireArticleChange()
        patched.id = 1187
        patched.baseRevision = 2
        patched.revision = 3
        var patch = WireArticlePatch()
        let base = corpus.body(language: language, bytes: 400)
        let target = base.replacingFirstSentence(with: corpus.sentence(language: language))
        patch.title = corpus.sentence(language: language)
        patch.updatedAt = 1_767_400_000_000
        var topics = WireStringList()
        topics.values = ["security", "political"]
        patch.topics = topics
        patch.bodyDelta = Data(BodyDelta.make(base: base, target: target))
        patched.patch = patch
        var gone = WireArticleChange()
        gone.id = 1002
        gone.revision = 5
        var tombstone = WireTombstone()
        tombstone.unpublishedAt = 1_767_401_000_000
        gone.tombstone = tombstone
        response.articles = [full, patched, gone]
        var own = corpus.comment(id: 88, articleID: 1187)
        own.status = .pending
        own.email = "reader@example.org"
        own.idempotencyKey = Data(key1)
        response.comments = [corpus.comment(id: 87, articleID: 1201), own]
        var checkpoint = WireCheckpoint()
        checkpoint.articles = ArchiveChecksum(count: 1199, sum: 0x1234_5678_9abc_def0, comments: 3620).message
        checkpoint.bucketWidth = 1024
        response.checkpoint = checkpoint
        response.moreAvailable = false
        return response
    }

    static func push() -> WirePushRequest {
        var request = WirePushRequest()
        request.clientKey = Data(clientKey)
        var first = WireCommentSubmission()
        first.idempotencyKey = Data(key1)
        first.articleID = 1187
        first.name = "Laila"
        first.email = "reader@example.org"
        first.text = "The figures on trade seem too low to me."
        first.createdAt = 1_767_399_000_000
        var second = first
        second.idempotencyKey = Data(key2)
        second.articleID = 999_999
        second.text = "Is there a Persian version?"
        request.comments = [first, second]
        return request
    }

    static func pushResponse() -> WirePushResponse {
        var accepted = WireCommentResult()
        accepted.idempotencyKey = Data(key1)
        var ok = WireCommentAccepted()
        ok.commentID = 88
        ok.status = .pending
        accepted.accepted = ok
        var rejected = WireCommentResult()
        rejected.idempotencyKey = Data(key2)
        var no = WireCommentRejected()
        no.reason = .unknownArticle
        no.message = "article 999999 does not exist"
        rejected.rejected = no
        var response = WirePushResponse()
        response.results = [accepted, rejected]
        return response
    }

    /// SPEC.md §10.2: the first comment a replay (its first reply again,
    /// not counted), the second over the sender's comment budget.
    static func rateLimitedPushResponse() -> WirePushResponse {
        var response = pushResponse()
        var limited = WireCommentResult()
        limited.idempotencyKey = Data(key2)
        var later = WireCommentRejected()
        later.reason = .rateLimited
        later.message = "too many comments: send this one again in 420 s"
        later.retryAfterSeconds = 420
        limited.rejected = later
        response.results = [response.results[0], limited]
        return response
    }

    static func checksumExchange() throws -> (WireChecksumRequest, WireChecksumResponse) {
        var request = WireChecksumRequest()
        request.cursor = Data(cursor)
        var corpus = Corpus(seed: 0xC5)
        var sums = try BucketedChecksum(width: 1024)
        for id in stride(from: Int64(1), through: 2500, by: 7) {
            var article = Samples.article(&corpus, id: id, bodyBytes: 80)
            article.revision = id % 3 + 1
            sums.addArticle(id: id, item: ChecksumItem.article(article))
            if id % 5 == 0 { sums.addComment(articleID: id, item: ChecksumItem.comment(corpus.comment(id: id * 10, articleID: id))) }
        }
        var response = WireChecksumResponse()
        response.cursor = Data(cursor)
        response.bucketWidth = 1024
        response.buckets = sums.messages
        return (request, response)
    }

    static func repairExchange() -> (WireRepairRequest, WireRepairResponse) {
        var corpus = Corpus(seed: 0x4E9A)
        var range = WireIdRange()
        range.first = 1024
        range.last = 2047
        var request = WireRepairRequest()
        request.cursor = Data(cursor)
        request.ranges = [range]
        request.clientKey = Data(clientKey)
        var response = WireRepairResponse()
        response.cursor = Data(cursor)
        response.ranges = [range]
        response.articles = [article(&corpus, id: 1030, bodyBytes: 200), article(&corpus, id: 1187, bodyBytes: 200)]
        var own = corpus.comment(id: 88, articleID: 1187)
        own.status = .pending
        own.email = "reader@example.org"
        own.idempotencyKey = Data(key1)
        response.comments = [corpus.comment(id: 61, articleID: 1030), own]
        response.moreAvailable = false
        return (request, response)
    }

    /// A repair answer that settles only part of what was asked (SPEC.md
    /// §7.4): ids 1024...1500 of the request for 1024...2047 and 4096...5119.
    static func partialRepairResponse() -> WireRepairResponse {
        var corpus = Corpus(seed: 0x4E9B)
        var settled = WireIdRange()
        settled.first = 1024
        settled.last = 1500
        var response = WireRepairResponse()
        response.cursor = Data(cursor)
        response.ranges = [settled]
        response.articles = [article(&corpus, id: 1499, bodyBytes: 120)]
        response.comments = [corpus.comment(id: 62, articleID: 1499)]
        response.moreAvailable = true
        return response
    }

    static func snapshot(dictionary: PresetDictionary) -> (WireSnapshotManifest, WireSnapshotChunk) {
        var corpus = Corpus(seed: 0x5A4)
        var manifest = WireSnapshotManifest()
        manifest.cursor = Data(cursor)
        var part = WireSnapshotPart()
        part.sha256 = Data(Array(repeating: 0xAB, count: 32))
        part.path = "parts/" + Hex.encode(Array(part.sha256)) + ".folio"
        part.size = 1_048_576
        part.firstID = 1
        part.lastID = 1024
        part.articleCount = 1001
        part.language = "en"
        part.dictionary = dictionary.id
        manifest.parts = [part]
        var checkpoint = WireCheckpoint()
        checkpoint.articles = ArchiveChecksum(count: 1001, sum: 0x0FED_CBA9_8765_4321, comments: 2980).message
        checkpoint.bucketWidth = 1024
        manifest.checkpoint = checkpoint
        var chunk = WireSnapshotChunk()
        chunk.articles = [article(&corpus, id: 1, bodyBytes: 300), article(&corpus, id: 2, bodyBytes: 300)]
        return (manifest, chunk)
    }

    static func versionError() -> WireErrorResponse {
        var error = WireErrorResponse()
        error.code = UInt32(FolioWireError.Code.versionUnsupported.rawValue)
        error.message = "protocol version 1 is no longer supported; update the app"
        error.supportedVersions = [2, 3]
        return error
    }
}

extension String {
    /// Replaces the first sentence (up to the first ". ") with `sentence`.
    func replacingFirstSentence(with sentence: String) -> String {
        guard let end = range(of: ". ") else { return sentence }
        return sentence + " " + self[end.upperBound...]
    }
}
