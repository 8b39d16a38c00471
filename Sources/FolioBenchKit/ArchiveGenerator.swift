import Foundation

/// The seeded archive generator: article `i` of an archive depends only on the
/// seed and `i`, so an archive can be written as a stream, and the day-of-changes
/// generator can rebuild any article without keeping the archive in memory.
///
/// - Languages: English and Persian, 70/30 (each article draws its language).
/// - Bodies: log-normal around 12 KB of UTF-8, clamped to 3.3–39 KB of target (bodies land within 3–40 KB).
/// - Every field is set: id (from ``firstID``), news code, title, lead, body,
///   author, source, publication and update times, one or two regions, one or two
///   topics, kind, reading minutes (from the word count) and two related ids.
/// - Comments: 0 to 4 per article (mean 2), all approved, in the article's language.
public struct ArchiveGenerator: Sendable {
    /// The first article id; article `i` has id `firstID + i`.
    public static let firstID: Int64 = 100_000
    /// Publication time of article 0 (2024-01-01T00:00:00Z); later articles are later.
    public static let epochSeconds: Int64 = 1_704_067_200
    /// Region slugs.
    public static let regions = ["afghanistan", "central-asia", "pakistan", "iran", "tajikistan", "uzbekistan",
                                 "kazakhstan", "kyrgyzstan", "turkmenistan"]
    /// Topic slugs.
    public static let topics = ["political", "security", "economic", "social"]
    /// Kinds with their weights (reports and articles dominate).
    public static let kinds = ["article", "article", "article", "report", "report", "interview", "special-report"]

    /// The seed.
    public let seed: UInt64
    /// How many articles the archive has.
    public let count: Int

    /// Creates a generator of `count` articles.
    public init(seed: UInt64 = 20_260_105, count: Int) {
        self.seed = seed
        self.count = max(0, count)
    }

    /// The id of article `index`.
    public static func id(of index: Int) -> Int64 { firstID + Int64(index) }

    /// Article `index` (0-based), as first published.
    public func article(_ index: Int) -> BenchArticle {
        var random = SeededRandom(seed: seed, stream: 1, index: UInt64(index))
        let language = random.unit() < 0.7 ? "en" : "fa"
        let writer = ProseWriter(language: language)
        let target = Self.bodyTarget(&random)
        let body = writer.body(targetBytes: target, &random)
        let words = body.split(separator: " ").count
        let published = Self.epochSeconds + Int64(index) * 1_800 + Int64(random.below(1_200))
        let updated = published + (random.unit() < 0.3 ? Int64(random.below(86_400)) : 0)
        var regions = [random.pick(Self.regions)]
        if random.unit() < 0.5 { regions.append(random.pick(Self.regions)) }
        var topics = [random.pick(Self.topics)]
        if random.unit() < 0.4 { topics.append(random.pick(Self.topics)) }
        let id = Self.id(of: index)
        var related: [Int64] = []
        if count > 1 {
            for _ in 0..<2 {
                let other = Self.id(of: random.below(count))
                if other != id, !related.contains(other) { related.append(other) }
            }
        }
        let people = language == "fa" ? PersianPhrases.people : EnglishPhrases.people
        let sources = language == "fa" ? PersianPhrases.sources : EnglishPhrases.sources
        return BenchArticle(
            id: id, newsCode: 300_000 + Int64(index), language: language,
            title: writer.title(&random), lead: writer.lead(&random), body: body,
            author: random.pick(people), source: random.pick(sources),
            publishedAt: BenchJSON.iso8601(seconds: published), updatedAt: BenchJSON.iso8601(seconds: updated),
            regions: Self.unique(regions), topics: Self.unique(topics), kind: random.pick(Self.kinds),
            readingMinutes: max(1, words / 200), related: related)
    }

    /// The approved comments of article `index` (pass the article if you have
    /// it, to save generating it again).
    public func comments(_ index: Int, of known: BenchArticle? = nil) -> [BenchComment] {
        var random = SeededRandom(seed: seed, stream: 2, index: UInt64(index))
        let article = known ?? self.article(index)
        let count = random.below(5)
        return (0..<count).map { number in
            Self.comment(on: article, number: number, &random)
        }
    }

    /// A reader's comment on `article`, written after it was published.
    static func comment(on article: BenchArticle, number: Int, _ random: inout SeededRandom) -> BenchComment {
        let writer = ProseWriter(language: article.language)
        let people = article.language == "fa" ? PersianPhrases.people : EnglishPhrases.people
        let name = random.pick(people)
        let handle = "reader\(random.below(100_000))"
        let base = Self.epochSeconds + (article.id - firstID) * 1_800
        return BenchComment(
            articleId: article.id, name: name, email: "\(handle)@example.org", text: writer.comment(&random),
            createdAt: BenchJSON.iso8601(seconds: base + 3_600 + Int64(number) * 600 + Int64(random.below(600))),
            status: "approved")
    }

    /// Log-normal body size, mean near 12 KB, clamped to 3.3–39 KB of target (bodies land within 3–40 KB).
    static func bodyTarget(_ random: inout SeededRandom) -> Int {
        // exp(mu + sigma^2/2) = 12 000 with sigma 0.5; clamping moves the mean only slightly.
        let sigma = 0.5
        let mu = 9.392_662 - sigma * sigma / 2
        let value = Int(exp(mu + sigma * random.normal()))
        return min(max(value, 3_300), 39_000)
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
