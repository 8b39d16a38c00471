import Foundation
import SwiftProtobuf
import FolioWire

/// The figures of SPEC.md §15, computed on the synthetic corpus:
/// `swift run folio-vectors measure` prints them.
public struct Measurements: Sendable {
    /// Sizes in bytes for the one-sentence correction of a ~12 KB body.
    public var bodyBytes = 0, bodyDeflated = 0
    /// The copy/insert delta, raw and inside a deflated frame payload.
    public var copyInsertDelta = 0, copyInsertDeltaDeflated = 0
    /// Deflate of the new body with the old body as preset dictionary.
    public var deflateWithBase = 0
    /// Page sizes: (name, plain, deflate without dictionary, deflate with the 32 KiB dictionary).
    public var pages: [(name: String, plain: Int, deflated: Int, withDictionary: Int)] = []

    /// The corrected sentence: new words, not phrases the base already holds.
    static let correction = "Correction: the ministry later said exports fell by 21 per cent in the first quarter, "
        + "not 12 per cent as an earlier version of this report stated."

    /// Runs every measurement.
    public static func run() throws -> Measurements {
        var result = Measurements()
        var corpus = Corpus(seed: 0x12_4B)
        let base = corpus.body(language: "en", bytes: 12_000)
        let sentences = base.components(separatedBy: ". ")
        let middle = sentences[sentences.count / 2]
        let target = base.replacingOccurrences(of: middle + ". ", with: Self.correction + " ", limit: 1)
        let baseBytes = Array(base.utf8), targetBytes = Array(target.utf8)
        result.bodyBytes = targetBytes.count
        result.bodyDeflated = try Deflater.deflate(targetBytes).count
        let delta = BodyDelta.make(base: baseBytes, target: targetBytes)
        result.copyInsertDelta = delta.count
        result.copyInsertDeltaDeflated = try Deflater.deflate(delta).count
        let baseDictionary = try PresetDictionary(bytes: Array(baseBytes.suffix(PresetDictionary.maxBytes)),
                                                  language: "en", version: 0)
        result.deflateWithBase = try Deflater.deflate(targetBytes, dictionary: baseDictionary).count
        for language in ["en", "fa"] {
            let dictionary = try TrainingDictionaries.make(language: language, size: PresetDictionary.maxBytes)
            for (name, page) in [("typical", typicalPage(language: language)), ("wake-up", wakeUpPage(language: language))] {
                let plain: [UInt8] = try page.serializedBytes()
                result.pages.append((
                    "\(name)-\(language)", plain.count, try Deflater.deflate(plain).count,
                    try Deflater.deflate(plain, dictionary: dictionary).count))
            }
        }
        return result
    }

    /// A page of 40 changes: 3 new articles, 12 metadata patches, 5 body
    /// corrections, 2 tombstones and 18 comments.
    static func typicalPage(language: String) -> WirePullResponse {
        var corpus = Corpus(seed: language == "fa" ? 0x9A6E_FA : 0x9A6E_E0)
        var page = WirePullResponse()
        page.cursor = Data(SyncCursor(epoch: 3, sequence: 88_123).encoded)
        for index in 0..<3 {
            var change = WireArticleChange()
            let article = corpus.article(id: 5000 + Int64(index), language: language, bodyBytes: 6000 + index * 3000)
            change.id = article.id
            change.revision = article.revision
            change.full = article
            page.articles.append(change)
        }
        for index in 0..<17 {
            var change = WireArticleChange()
            change.id = 3000 + Int64(index * 13)
            change.baseRevision = 2
            change.revision = 3
            var patch = WireArticlePatch()
            patch.updatedAt = 1_767_500_000_000 + Int64(index) * 60_000
            if index < 12 {
                patch.title = corpus.sentence(language: language)
                var topics = WireStringList()
                topics.values = ["security", "political"]
                patch.topics = topics
            } else {
                let old = corpus.body(language: language, bytes: 8000)
                patch.bodyDelta = Data(BodyDelta.make(base: old, target: old.replacingFirstSentence(with: corpus.sentence(language: language))))
            }
            change.patch = patch
            page.articles.append(change)
        }
        for index in 0..<2 {
            var change = WireArticleChange()
            change.id = 100 + Int64(index)
            change.revision = 9
            var tombstone = WireTombstone()
            tombstone.unpublishedAt = 1_767_500_000_000
            change.tombstone = tombstone
            page.articles.append(change)
        }
        page.comments = (0..<18).map { corpus.comment(id: 9000 + Int64($0), articleID: 3000 + Int64($0 % 5) * 13) }
        var checkpoint = WireCheckpoint()
        checkpoint.articles = ArchiveChecksum(count: 48_211, sum: 0x7E57_0000_1234_5678).message
        checkpoint.bucketWidth = 1024
        page.checkpoint = checkpoint
        return page
    }

    /// What a long-poll typically returns: one metadata patch and two comments.
    static func wakeUpPage(language: String) -> WirePullResponse {
        var page = typicalPage(language: language)
        page.articles = [page.articles[3]]
        page.comments = Array(page.comments.prefix(2))
        return page
    }

    /// A printable report.
    public var report: String {
        func ratio(_ plain: Int, _ packed: Int) -> String {
            let value = Double(plain) / Double(max(packed, 1))
            return String(Int(value * 100) / 100) + "." + String(format2(Int(value * 100) % 100))
        }
        var lines = [
            "one-sentence correction of a \(bodyBytes)-byte English body:",
            "  full body, deflated:                          \(bodyDeflated) bytes",
            "  copy/insert delta (SPEC.md §8.2):             \(copyInsertDelta) bytes (\(copyInsertDeltaDeflated) deflated)",
            "  deflate with the old body as dictionary:      \(deflateWithBase) bytes",
            "pages of changes (plain protobuf / deflate / deflate + 32 KiB dictionary):",
        ]
        for page in pages {
            lines.append("  \(page.name): \(page.plain) / \(page.deflated) (\(ratio(page.plain, page.deflated))x) / "
                + "\(page.withDictionary) (\(ratio(page.plain, page.withDictionary))x)")
        }
        return lines.joined(separator: "\n")
    }

    private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
