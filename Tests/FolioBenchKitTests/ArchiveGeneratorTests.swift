import Foundation
import Testing
import FolioBenchKit

@Suite struct ArchiveGeneratorTests {
    static let sample = ArchiveGenerator(seed: 7, count: 400)
    static let articles = (0..<400).map { sample.article($0) }

    @Test func sameSeedGivesTheSameArchive() {
        let again = ArchiveGenerator(seed: 7, count: 400)
        for index in [0, 1, 57, 399] {
            #expect(again.article(index) == Self.articles[index])
            #expect(again.comments(index) == Self.sample.comments(index))
        }
    }

    @Test func anotherSeedGivesAnotherArchive() {
        let other = ArchiveGenerator(seed: 8, count: 400)
        #expect(other.article(0).body != Self.articles[0].body)
    }

    @Test func articleDependsOnlyOnSeedAndIndexNotOnOrder() {
        let generator = ArchiveGenerator(seed: 7, count: 400)
        let backwards = (0..<400).reversed().map { generator.article($0) }
        #expect(Array(backwards.reversed()) == Self.articles)
    }

    @Test func languagesAreAboutSeventyThirty() {
        let persian = Self.articles.filter { $0.language == "fa" }.count
        let share = Double(persian) / Double(Self.articles.count)
        #expect(share > 0.24 && share < 0.36, "Persian share \(share)")
        #expect(Self.articles.allSatisfy { $0.language == "en" || $0.language == "fa" })
    }

    @Test func bodiesAverageNearTwelveKilobytesWithinThreeToForty() {
        let sizes = Self.articles.map { $0.body.utf8.count }
        let mean = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect(mean > 11_000 && mean < 13_000, "mean body \(mean)")
        #expect(sizes.allSatisfy { $0 >= 3_000 && $0 <= 40_000 }, "min \(sizes.min() ?? 0) max \(sizes.max() ?? 0)")
    }

    @Test func everyFieldIsSetAndValid() {
        for article in Self.articles {
            #expect(article.id >= ArchiveGenerator.firstID)
            #expect(article.newsCode > 0)
            #expect(!article.title.isEmpty && !article.lead.isEmpty && !article.body.isEmpty)
            #expect(!article.author.isEmpty && !article.source.isEmpty)
            #expect(!article.regions.isEmpty && !article.topics.isEmpty)
            #expect(Set(article.regions).count == article.regions.count)
            #expect(!article.related.isEmpty && !article.related.contains(article.id))
            #expect(["article", "report", "interview", "special-report"].contains(article.kind))
            #expect(article.readingMinutes >= 1)
            #expect(article.updatedAt >= article.publishedAt)
            #expect(article.publishedAt.hasSuffix("Z") && article.publishedAt.count == 20)
        }
    }

    @Test func textIsMadeOfWordsInTheArticlesScript() {
        for article in Self.articles.prefix(60) {
            let words = article.body.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let mean = Double(words.map(\.count).reduce(0, +)) / Double(words.count)
            #expect(mean > 2.5 && mean < 9, "mean word length \(mean)")
            let arabicScript = article.body.unicodeScalars.filter { (0x0600...0x06FF).contains($0.value) }.count
            if article.language == "fa" {
                #expect(arabicScript > article.body.unicodeScalars.count / 2)
            } else {
                #expect(arabicScript == 0)
            }
        }
    }

    @Test func commentsAreFewApprovedAndInTheArticlesLanguage() {
        let counts = (0..<400).map { Self.sample.comments($0).count }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        #expect(mean > 1.5 && mean < 2.5, "mean comments \(mean)")
        #expect(counts.allSatisfy { $0 <= 4 })
        for index in 0..<40 {
            for comment in Self.sample.comments(index) {
                #expect(comment.articleId == Self.articles[index].id)
                #expect(comment.status == "approved" && comment.email.contains("@"))
                #expect(!comment.text.isEmpty && comment.text.count <= 4_000)
                #expect(comment.createdAt >= Self.articles[index].publishedAt)
            }
        }
    }

    @Test func linesDecodeBackToTheSameRows() throws {
        let line = try BenchJSON.line(Self.articles[3])
        #expect(try JSONDecoder().decode(BenchArticle.self, from: line) == Self.articles[3])
        #expect(!line.contains(0x0A))
    }

    @Test(arguments: [(Int64(0), "1970-01-01T00:00:00Z"), (1_704_067_200, "2024-01-01T00:00:00Z"),
                      (1_709_210_096, "2024-02-29T12:34:56Z"), (4_102_444_799, "2099-12-31T23:59:59Z")])
    func iso8601MatchesFoundation(seconds: Int64, text: String) {
        #expect(BenchJSON.iso8601(seconds: seconds) == text)
    }
}
