import Foundation

/// What one correction changed, for the floor baseline: the smallest honest
/// description of an edit (article id, where, how many bytes removed, the new
/// text, the new update time).
public struct BenchEdit: Sendable, Hashable, Codable {
    /// Kinds of correction.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Two adjacent letters of one word swapped back.
        case typo
        /// One sentence of the body replaced by a new one.
        case sentence
        /// The headline rewritten.
        case title
    }

    /// The kind.
    public var kind: Kind
    /// The article.
    public var id: Int64
    /// The field changed: `body` or `title`.
    public var field: String
    /// UTF-8 offset of the change in the old field.
    public var offset: Int
    /// UTF-8 bytes removed at `offset`.
    public var removed: Int
    /// Text inserted at `offset`.
    public var inserted: String
    /// The new update time.
    public var updatedAt: String
}

/// "One day of changes" to an archive made by ``ArchiveGenerator``, seeded:
/// new articles, small corrections (a typo, a sentence, a title, in turn),
/// unpublished articles and approved comments. The defaults are those of
/// issue 6: 30 new, 60 corrected, 3 unpublished, 300 comments.
public struct DayOfChanges: Sendable {
    /// New articles, in the import format.
    public var added: [BenchArticle]
    /// Corrected articles, whole, in the import format (re-importing updates them).
    public var corrected: [BenchArticle]
    /// What each correction changed, in the order of ``corrected``.
    public var edits: [BenchEdit]
    /// Ids of the articles to unpublish.
    public var unpublished: [Int64]
    /// New approved comments.
    public var comments: [BenchComment]

    /// Generates day `day` (1 = the first day after the archive) of changes to `archive`.
    public init(archive: ArchiveGenerator, day: Int = 1, added: Int = 30, corrected: Int = 60,
                unpublished: Int = 3, comments: Int = 300) {
        var random = SeededRandom(seed: archive.seed, stream: 3, index: UInt64(day))
        let dayStart = ArchiveGenerator.epochSeconds + Int64(archive.count) * 1_800 + Int64(day) * 86_400
        let newCount = max(0, added)
        self.added = (0..<newCount).map { offset in
            var article = archive.article(archive.count + (day - 1) * newCount + offset)
            let published = dayStart + Int64(offset) * 2_400
            article.publishedAt = BenchJSON.iso8601(seconds: published)
            article.updatedAt = article.publishedAt
            return article
        }
        // Distinct existing articles: corrections first, then unpublished ones.
        let wanted = min(archive.count, max(0, corrected) + max(0, unpublished))
        var chosen: [Int] = []
        var seen: Set<Int> = []
        while chosen.count < wanted {
            let index = random.below(archive.count)
            if seen.insert(index).inserted { chosen.append(index) }
        }
        let correctedIndices = Array(chosen.prefix(min(corrected, chosen.count)))
        var correctedRows: [BenchArticle] = []
        var edits: [BenchEdit] = []
        for (number, index) in correctedIndices.enumerated() {
            let kind = BenchEdit.Kind.allCases[number % BenchEdit.Kind.allCases.count]
            let time = BenchJSON.iso8601(seconds: dayStart + 600 + Int64(number) * 900)
            let (row, edit) = Self.correct(archive.article(index), kind: kind, updatedAt: time, &random)
            correctedRows.append(row)
            edits.append(edit)
        }
        self.corrected = correctedRows
        self.edits = edits
        self.unpublished = chosen.dropFirst(correctedIndices.count).map { ArchiveGenerator.id(of: $0) }
        let removed = Set(self.unpublished)
        var newComments: [BenchComment] = []
        while newComments.count < max(0, comments) {
            let pickNew = !self.added.isEmpty && random.unit() < 0.3
            let article = pickNew ? random.pick(self.added) : archive.article(random.below(archive.count))
            if removed.contains(article.id) { continue }
            var comment = ArchiveGenerator.comment(on: article, number: 0, &random)
            comment.createdAt = BenchJSON.iso8601(seconds: dayStart + 3_600 + Int64(newComments.count) * 240)
            newComments.append(comment)
        }
        self.comments = newComments
    }

    /// One sentence of `article`'s body rewritten, the same way for the same
    /// article, seed and number whatever the archive's size: the cost-growth
    /// scenario makes the same corrections at every size, so that its bytes
    /// compare like with like. The update time lies after every article of
    /// an archive of up to 200,000.
    public static func sentenceCorrection(of article: BenchArticle, seed: UInt64, number: Int) -> BenchArticle {
        var random = SeededRandom(seed: seed, stream: 7, index: UInt64(number))
        let time = BenchJSON.iso8601(seconds: ArchiveGenerator.epochSeconds + 200_000 * 1_800 + Int64(number) * 60)
        return correct(article, kind: .sentence, updatedAt: time, &random).0
    }

    /// Applies one correction of `kind` to `article`.
    static func correct(_ article: BenchArticle, kind: BenchEdit.Kind, updatedAt: String,
                        _ random: inout SeededRandom) -> (BenchArticle, BenchEdit) {
        var row = article
        row.updatedAt = updatedAt
        let writer = ProseWriter(language: article.language)
        switch kind {
        case .title:
            var title = writer.title(&random)
            if title == article.title { title += "?" }
            row.title = title
            return (row, BenchEdit(kind: kind, id: article.id, field: "title", offset: 0,
                                   removed: article.title.utf8.count, inserted: title, updatedAt: updatedAt))
        case .sentence:
            let body = Array(article.body.utf8)
            // A sentence ends with ". "; replace the one that starts after a random such boundary.
            let boundaries = Self.sentenceStarts(body)
            let start = boundaries[random.below(boundaries.count)]
            let end = Self.sentenceEnd(body, from: start)
            let old = String(decoding: body[start..<end], as: UTF8.self)
            var replacement = writer.sentence(&random)
            while replacement == old { replacement = writer.sentence(&random) }
            let newBody = Array(body[..<start]) + Array(replacement.utf8) + Array(body[end...])
            row.body = String(decoding: newBody, as: UTF8.self)
            return (row, BenchEdit(kind: kind, id: article.id, field: "body", offset: start,
                                   removed: end - start, inserted: replacement, updatedAt: updatedAt))
        case .typo:
            // Swap two adjacent letters of a word of 5+ ASCII letters (English) or
            // 4+ characters (Persian) somewhere in the body.
            let words = article.body.split(separator: " ")
            let candidates = words.indices.filter { words[$0].count >= 5 && words[$0].allSatisfy(\.isLetter) }
            guard !candidates.isEmpty else {
                return correct(article, kind: .sentence, updatedAt: updatedAt, &random)
            }
            // Two different letters, so that the correction really changes the body.
            var word = words[random.pick(candidates)]
            var letters = Array(word)
            var at = 1 + random.below(letters.count - 2)
            var attempts = 0
            while letters[at] == letters[at + 1], attempts < 32 {
                word = words[random.pick(candidates)]
                letters = Array(word)
                at = 1 + random.below(letters.count - 2)
                attempts += 1
            }
            guard letters[at] != letters[at + 1] else {
                return correct(article, kind: .sentence, updatedAt: updatedAt, &random)
            }
            letters.swapAt(at, at + 1)
            let fixed = String(letters)
            let offset = article.body.utf8.distance(from: article.body.utf8.startIndex, to: word.startIndex.samePosition(in: article.body.utf8) ?? article.body.utf8.startIndex)
            var bytes = Array(article.body.utf8)
            bytes.replaceSubrange(offset..<(offset + word.utf8.count), with: Array(fixed.utf8))
            row.body = String(decoding: bytes, as: UTF8.self)
            return (row, BenchEdit(kind: kind, id: article.id, field: "body", offset: offset,
                                   removed: word.utf8.count, inserted: fixed, updatedAt: updatedAt))
        }
    }

    static func sentenceStarts(_ body: [UInt8]) -> [Int] {
        var starts = [0]
        var index = 0
        while index + 1 < body.count {
            if body[index] == 0x2E, body[index + 1] == 0x20 { starts.append(index + 2) }
            index += 1
        }
        return starts
    }

    static func sentenceEnd(_ body: [UInt8], from start: Int) -> Int {
        var index = start
        while index < body.count {
            if body[index] == 0x2E { return index + 1 }
            index += 1
        }
        return body.count
    }
}
