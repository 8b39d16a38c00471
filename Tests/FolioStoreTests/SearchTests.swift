import Foundation
import Testing
@testable import FolioStore

/// Search in both languages, with the folding cases of SPEC.md §13.
@Suite struct SearchTests {
    /// Persian text in standard Persian orthography.
    static let persianStandard = Fixtures.article(
        id: 101, language: "fa", title: "اقتصاد افغانستان در سال ۱۴۰۵",
        lead: "بازار کابل آرام‌تر از سال گذشته است.",
        body: "در کابل گفته می‌شود که کتاب‌ها گران‌تر شده‌اند.\n\nسهم واردات ۲۵ درصد است و خانۀ فرهنگ باز است.",
        regions: ["afghanistan"], topics: ["economic"], kind: .report)

    /// Persian text typed on an Arabic keyboard, with kashida, diacritics and
    /// Arabic-Indic digits.
    static let persianArabicKeyboard = Fixtures.article(
        id: 102, language: "fa", title: "گزارش امـــنیّت در كابل",
        lead: "علي رضايي از وضعیت مرزها مي‌گويد.",
        body: "در سال ٢٠٢٦ نیروهای مرزی در كابل و هرات مستقر شدند؛ اَمنیت مرزها موضوع اصلی است.",
        regions: ["afghanistan", "iran"], topics: ["security"], kind: .article)

    static let english = Fixtures.article(
        id: 103, language: "en", title: "Water sharing on the Amu Darya",
        lead: "Five states negotiate over 2.4 billion cubic metres of water.",
        body: "Delegates met in a café in Tashkent. The Kabul talks on the trans-Afghan railway were postponed.",
        regions: ["central-asia"], topics: ["economic", "political"], kind: .specialReport,
        publishedAt: 1_780_000_000_000)

    static func store(_ kind: StoreKind) throws -> FolioStore {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([persianStandard, persianArabicKeyboard, english], cursor: "c1"))
        return store
    }

    static let cases: [(query: String, expected: Set<Int64>, why: String)] = [
        ("کابل", [101, 102], "Persian kaf finds Arabic kaf"),
        ("كابل", [101, 102], "Arabic kaf finds Persian kaf"),
        ("Kabul", [103], "English is case-insensitive"),
        ("علی", [102], "Persian yeh finds Arabic yeh"),
        ("علي", [102], "Arabic yeh finds itself folded"),
        ("میشود", [101], "a word without ZWNJ finds it written with ZWNJ"),
        ("می‌شود", [101], "a word with ZWNJ finds it"),
        ("میگوید", [102], "ZWNJ and Arabic yeh together"),
        ("امنیت", [102], "kashida and shadda are ignored"),
        ("اَمنیّت", [102], "diacritics in the query are ignored"),
        ("1405", [101], "ASCII digits find Persian digits"),
        ("۱۴۰۵", [101], "Persian digits find themselves"),
        ("٢٠٢٦", [102], "Arabic-Indic digits find themselves"),
        ("2026", [102], "ASCII digits find Arabic-Indic digits"),
        ("۲۰۲۶", [102], "Persian digits find Arabic-Indic digits"),
        ("خانه", [101], "heh finds heh with hamza above"),
        ("کتاب", [101], "a query word matches the start of a word"),
        ("WATER", [103], "upper case finds lower case"),
        ("cafe", [103], "Latin diacritics are ignored"),
        ("railway kabul", [103], "every query word must match"),
        ("railway tehran", [], "a missing word finds nothing"),
        ("مرز هرات", [102], "two Persian words"),
    ]

    @Test(arguments: StoreKind.allCases)
    func foldingCasesFindWhatTheReaderMeans(kind: StoreKind) throws {
        let store = try Self.store(kind)
        for (query, expected, why) in Self.cases {
            let found = Set(try store.search(query).map(\.article.id))
            #expect(found == expected, "\(why): \(query)")
        }
    }

    @Test func filtersNarrowResults() throws {
        let store = try Self.store(.inMemory)
        #expect(try store.search("کابل", filter: ArticleFilter(language: "en")).isEmpty)
        #expect(try store.search("kabul", filter: ArticleFilter(language: "en")).map(\.article.id) == [103])
        #expect(try store.search("کابل", filter: ArticleFilter(region: "iran")).map(\.article.id) == [102])
        #expect(try store.search("کابل", filter: ArticleFilter(topic: "economic")).map(\.article.id) == [101])
        #expect(try store.search("کابل", filter: ArticleFilter(kind: .report)).map(\.article.id) == [101])
        let cutoff = Self.english.publishedAt
        #expect(try store.search("kabul", filter: ArticleFilter(publishedFrom: cutoff)).map(\.article.id) == [103])
        #expect(try store.search("kabul", filter: ArticleFilter(publishedBefore: cutoff)).isEmpty)
    }

    @Test func titleMatchRanksAboveBodyMatch() throws {
        let store = try Self.store(.inMemory)
        // "امنیت" is in 102's title; "اقتصاد" is in 101's title only.
        let results = try store.search("کابل امنیت")
        #expect(results.map(\.article.id) == [102])
        let both = try store.search("کابل")
        #expect(both.count == 2)
        #expect(both[0].rank <= both[1].rank)
        #expect(both.first?.article.id == 102, "102 has کابل in its title")
    }

    @Test func snippetShowsOriginalTextWithMatchesMarked() throws {
        let store = try Self.store(.inMemory)
        let arabic = try #require(try store.search("کابل", filter: ArticleFilter(region: "iran")).first)
        #expect(arabic.snippet.contains("[كابل]"), "the original Arabic kaf is shown: \(arabic.snippet)")
        let zwnj = try #require(try store.search("میشود").first)
        #expect(zwnj.snippet.contains("[می‌شود]"), "the original ZWNJ is kept: \(zwnj.snippet)")
        let english = try #require(try store.search("railway").first)
        #expect(english.snippet.contains("[railway]"))
        #expect(!english.snippet.contains("\n"))
    }

    @Test(arguments: ["", "   ", "!!", "«»", "\u{200C}"])
    func queryWithoutWordsIsAnError(query: String) throws {
        let store = try Self.store(.inMemory)
        #expect { try store.search(query) } throws: { ($0 as? FolioStoreError)?.code == .emptyQuery }
    }

    @Test func queryWithFTSSyntaxIsTreatedAsWords() throws {
        let store = try Self.store(.inMemory)
        #expect(try store.search("water OR \"NEAR(\" *").map(\.article.id) == [])
        #expect(try store.search("water) (railway").map(\.article.id) == [103])
    }
}
