import FolioWire
import Testing

/// `SearchFolding.fold` takes a table-driven path for most text; it must
/// return exactly what the literal five steps of SPEC.md §13.1
/// (`referenceFold`) return, on every text.
@Suite struct SearchFoldingFastPathTests {
    /// Scalars that exercise every branch: ASCII, Latin letters with
    /// decompositions, removed and kept combining marks, Arabic and Persian
    /// letters, harakat, Hebrew points (kept marks that reorder), hamza forms, tatweel, digits, joiners and bidi marks,
    /// the Greek capital sigma (final-sigma rule), Turkish dotted I, Hangul
    /// jamo and an Oriya vowel sign that compose with a preceding starter,
    /// Arabic presentation forms, a BOM and an emoji.
    static let alphabet: [Unicode.Scalar] = [
        "a", "Z", "e", " ", "\n", ".", "-", "1", "É", "é", "ß", "İ", "ı", "Ǖ", "Å", "ÿ",
        "\u{0301}", "\u{0308}", "\u{0323}", "\u{0327}", "\u{1DC4}", "\u{20D7}", "\u{0483}",
        "א", "ש", "\u{05B0}", "\u{05B4}", "\u{05BC}", "\u{05C1}",
        "Σ", "σ", "ς", "Α", "ω", "Д", "я",
        "ا", "آ", "أ", "إ", "ؤ", "ئ", "ي", "ى", "ی", "ك", "ک", "ة", "ه", "ۀ", "ە", "ٱ", "ۓ", "ۂ",
        "\u{064E}", "\u{0650}", "\u{0651}", "\u{0652}", "\u{0653}", "\u{0654}", "\u{0655}", "\u{0670}",
        "\u{0640}", "\u{06E5}", "\u{06ED}", "٣", "۴", "،", "؟",
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{202B}", "\u{2067}", "\u{FEFF}",
        "«", "»", "“", "—", "…", "\u{00A0}",
        "\u{1100}", "\u{1161}", "\u{11A8}", "각", "\u{0B47}", "\u{0B3E}", "\u{FB8E}", "\u{FEFB}", "😀",
    ]

    /// Swift's `==` on strings is canonical equivalence; the search index
    /// stores bytes, so the two foldings must agree byte for byte.
    static func sameBytes(_ a: String, _ b: String) -> Bool { Array(a.utf8) == Array(b.utf8) }

    @Test(arguments: [1, 2, 3, 4, 5])
    func foldMatchesTheReferenceOnRandomMixedText(seed: UInt64) {
        var random = RandomInputTests.Generator(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        var mismatches: [String] = []
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(random.next() % 10)) {
                text.append(Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))])
            }
            let string = String(text)
            if !Self.sameBytes(SearchFolding.fold(string), SearchFolding.referenceFold(string)) { mismatches.append(string) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map(\.debugDescription))")
    }

    @Test(arguments: [0x0000..<0x0800, 0x0800..<0x3000, 0xA000..<0xAC00, 0xF900..<0x10000, 0x1F000..<0x1F700])
    func foldMatchesTheReferenceOnEverySingleScalar(range: Range<UInt32>) {
        var mismatches: [UInt32] = []
        for value in range {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            let pair = "A" + text + "\u{0654}"
            if !Self.sameBytes(SearchFolding.fold(text), SearchFolding.referenceFold(text))
                || !Self.sameBytes(SearchFolding.fold(pair), SearchFolding.referenceFold(pair)) {
                mismatches.append(value)
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { String($0, radix: 16) })")
    }

    @Test func foldOfLongMixedProseMatchesTheReference() {
        let prose = """
            The Ministry said on Tuesday that 1,405 families had returned to Kunduz — “a beginning,” an official \
            said. وزارت امور خارجه روز سه‌شنبه اعلام کرد که ۱۴۰۵ خانواده به قندوز بازگشته‌اند؛ «این یک آغاز است». \
            كتاب‌هاي عربي با كاف و ياء عربي، أفغانستان، مؤسسه، خانۀ امـــنیت و اَمنیّت. Café naïve ÉTÉ İstanbul.
            """
        let text = String(repeating: prose + "\n", count: 40)
        #expect(Self.sameBytes(SearchFolding.fold(text), SearchFolding.referenceFold(text)))
    }
}

@testable import FolioWire

extension SearchFoldingFastPathTests {
    @Test func proseInEnglishAndPersianTakesTheTablePath() {
        #expect(FoldingTable.shared.fold("The Ministry said: «وزارت امور خارجه» ۱۴۰۵ — Café") != nil)
        #expect(FoldingTable.shared.fold("א\u{05B4}\u{05B0}") == nil)
    }
}
