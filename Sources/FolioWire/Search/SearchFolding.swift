import Foundation

/// The text folding that Folio applies before it indexes or searches text.
///
/// Readers type Persian with Arabic keyboards, with or without the zero-width
/// non-joiner, with Persian, Arabic-Indic or ASCII digits. Folding maps every
/// such variant of a word to one form, so that a query finds what the reader
/// means. The rules are normative: `Protocol/SPEC.md` §13 (Search
/// normalisation) lists them, and `Protocol/vectors/search-normalisation.json`
/// holds cases that every client must reproduce.
///
/// ```swift
/// SearchFolding.fold("كتاب‌ها")   // "کتابها"
/// SearchFolding.fold("۱۴۰۵")      // "1405"
/// ```
///
/// ## Topics
/// - ``fold(_:)``
/// - ``tokens(_:)``
/// - ``wordRanges(in:)``
/// - ``version``
public enum SearchFolding {
    /// The version of the rules. A store that indexed text with another
    /// version must re-index (SPEC.md §13.4).
    public static let version = 2

    /// Folds text by the rules of SPEC.md §13.1, in order:
    /// 1. canonical decomposition (Unicode NFD);
    /// 2. removal of the ignorable scalars (marks, tatweel, joiners, bidi marks);
    /// 3. the letter and digit mapping table;
    /// 4. Unicode default lowercasing, then the case folding of the lowercase
    ///    letters that have another folded form (`ς` → `σ`, `ſ` → `s`, …);
    /// 5. canonical composition (Unicode NFC).
    ///
    /// - parameter text: any text, in any language.
    /// - returns: the folded text. Folding is idempotent: folding the result again
    ///   returns it unchanged.
    public static func fold(_ text: String) -> String {
        FoldingTable.shared.fold(text) ?? referenceFold(text)
    }

    /// Folds text by the five steps of SPEC.md §13.1, literally: decompose,
    /// remove, map, lowercase, compose. ``fold(_:)`` returns the same text, but
    /// takes a table-driven path, about ten times faster, whenever the text
    /// stays within the scalars whose folding does not depend on their
    /// neighbours (see `FoldingTable`); tests hold the two to the same output.
    ///
    /// - parameter text: any text, in any language.
    /// - returns: the folded text.
    public static func referenceFold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if isIgnorable(scalar) { continue }
            scalars.append(mapped(scalar))
        }
        var folded = String.UnicodeScalarView()
        for scalar in String(scalars).lowercased().unicodeScalars {
            folded.append(caseFolded(scalar))
        }
        return String(folded).precomposedStringWithCanonicalMapping
    }

    /// Splits folded text into search tokens, the way SQLite's FTS5 `unicode61`
    /// tokenizer does (SPEC.md §13.2): a token is a maximal run of letters,
    /// numbers and private-use characters.
    ///
    /// - parameter text: text to fold and split.
    /// - returns: the folded tokens, in order.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in fold(text).unicodeScalars {
            if isTokenCharacter(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// The ranges of the words of unfolded text, for highlighting matches in
    /// the original (SPEC.md §13.2). A word is a maximal run of token
    /// characters and of the scalars that folding removes, so a word written
    /// with a zero-width non-joiner or a diacritic stays one word, as its folded
    /// form is one token.
    ///
    /// - parameter text: the original text.
    /// - returns: the word ranges, in order.
    public static func wordRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            let scalar = text.unicodeScalars[index]
            let inWord = isTokenCharacter(scalar) || (start != nil && isIgnorable(scalar))
            if inWord, start == nil {
                start = index
            } else if !inWord, let wordStart = start {
                ranges.append(wordStart..<index)
                start = nil
            }
            index = text.unicodeScalars.index(after: index)
        }
        if let wordStart = start { ranges.append(wordStart..<text.unicodeScalars.endIndex) }
        return ranges
    }

    /// The token characters of SPEC.md §13.2, as inclusive ranges of scalar
    /// values, ascending (``TokenCharacters``).
    public static var tokenCharacterRanges: [(UInt32, UInt32)] { TokenCharacters.ranges }

    /// Whether a scalar belongs to a token (SPEC.md §13.2: ``TokenCharacters``).
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        TokenCharacters.contains(scalar)
    }

    /// SPEC.md §13.1 step 4, after lowercasing: lowercase letters whose Unicode
    /// case folding is another letter, as SQLite's tokenizer folds them.
    static func caseFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00B5: "\u{03BC}"  // micro sign → mu
        case 0x017F: "s"         // long s
        case 0x03C2: "\u{03C3}"  // final sigma → sigma
        case 0x03D0: "\u{03B2}"  // beta symbol
        case 0x03D1: "\u{03B8}"  // theta symbol
        case 0x03D5: "\u{03C6}"  // phi symbol
        case 0x03D6: "\u{03C0}"  // pi symbol
        case 0x03F0: "\u{03BA}"  // kappa symbol
        case 0x03F1: "\u{03C1}"  // rho symbol
        case 0x03F5: "\u{03B5}"  // lunate epsilon
        default: scalar
        }
    }

    /// SPEC.md §13.1 step 2: scalars removed from the text.
    static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F: return true  // Latin combining diacritical marks
        case 0x0610...0x061A: return true  // Arabic signs above and below
        case 0x061C: return true           // Arabic letter mark
        case 0x064B...0x065F: return true  // Arabic harakat, tanwin, shadda, sukun, hamza marks
        case 0x0670: return true           // superscript alef
        case 0x0640: return true           // tatweel (kashida)
        case 0x06D6...0x06DC: return true  // Quranic annotation marks
        case 0x06DF...0x06E4: return true
        case 0x06E7...0x06E8: return true
        case 0x06EA...0x06ED: return true
        case 0x200B...0x200F: return true  // zero-width space, ZWNJ, ZWJ, LRM, RLM
        case 0x202A...0x202E: return true  // bidi embeddings and overrides
        case 0x2066...0x2069: return true  // bidi isolates
        case 0xFEFF: return true           // zero-width no-break space (BOM)
        default: return false
        }
    }

    /// SPEC.md §13.1 step 3: the letter and digit mapping table.
    static func mapped(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x0660...0x0669:  // Arabic-Indic digits
            return Unicode.Scalar(value - 0x0660 + 0x30) ?? scalar
        case 0x06F0...0x06F9:  // Extended Arabic-Indic (Persian) digits
            return Unicode.Scalar(value - 0x06F0 + 0x30) ?? scalar
        case 0x064A, 0x0649:   // Arabic yeh, alef maksura → Persian yeh
            return "\u{06CC}"
        case 0x0643:           // Arabic kaf → Persian kaf (keheh)
            return "\u{06A9}"
        case 0x0629, 0x06D5:   // teh marbuta, ae → heh
            return "\u{0647}"
        case 0x0671:           // alef wasla → alef
            return "\u{0627}"
        default:
            return scalar
        }
    }
}
