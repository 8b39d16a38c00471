import FolioWire

/// Deterministic synthetic articles and comments for vectors and
/// measurements (SPEC.md §15). The same seed always gives the same text.
public struct Corpus: Sendable {
    private var random: SplitMix64

    /// Creates a corpus generator.
    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// One sentence in `language` ("en" or "fa").
    public mutating func sentence(language: String) -> String {
        if language == "fa" {
            let tail = random.pick(Phrasebook.persianTails)
            let core = "\(random.pick(Phrasebook.persianSubjects)) \(random.pick(Phrasebook.persianVerbs)) \(random.pick(Phrasebook.persianClauses))"
            return (tail.isEmpty ? core : "\(core)، \(tail)") + "."
        }
        let tail = random.pick(Phrasebook.englishTails)
        let core = "\(random.pick(Phrasebook.englishSubjects)) \(random.pick(Phrasebook.englishVerbs)) \(random.pick(Phrasebook.englishClauses))"
        return (tail.isEmpty ? core : "\(core), \(tail)") + "."
    }

    /// A body of paragraphs with at least `bytes` UTF-8 bytes.
    public mutating func body(language: String, bytes: Int) -> String {
        var paragraphs: [String] = []
        var size = 0
        while size < bytes {
            let paragraph = (0..<random.int(3...6)).map { _ in sentence(language: language) }.joined(separator: " ")
            size += paragraph.utf8.count + 2
            paragraphs.append(paragraph)
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// A complete article.
    public mutating func article(id: Int64, language: String, bodyBytes: Int) -> WireArticle {
        var article = WireArticle()
        article.id = id
        article.newsCode = 240_000 + id
        article.language = language
        article.title = String(sentence(language: language).prefix(70))
        article.lead = sentence(language: language)
        article.body = body(language: language, bytes: bodyBytes)
        article.author = language == "fa" ? random.pick(Phrasebook.persianAuthors) : random.pick(Phrasebook.authors)
        article.source = random.pick(Phrasebook.sources)
        article.publishedAt = 1_767_225_600_000 + id * 3_600_000
        article.updatedAt = article.publishedAt + Int64(random.int(0...86_400)) * 1000
        article.regions = [random.pick(Phrasebook.regions), random.pick(Phrasebook.regions)].uniqued()
        article.topics = [random.pick(Phrasebook.topics)]
        article.kind = random.pick([.article, .article, .report, .interview, .specialReport])
        article.readingMinutes = UInt32(max(1, article.body.utf8.count / 1200))
        article.related = [id - 3, id - 7].filter { $0 > 0 }
        article.revision = Int64(random.int(1...5))
        return article
    }

    /// A public comment (no email, no key).
    public mutating func comment(id: Int64, articleID: Int64) -> WireComment {
        var comment = WireComment()
        comment.id = id
        comment.articleID = articleID
        comment.name = random.pick(Phrasebook.commentNames)
        comment.text = random.pick(Phrasebook.commentTexts)
        comment.createdAt = 1_767_300_000_000 + id * 60_000
        comment.status = .approved
        return comment
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
