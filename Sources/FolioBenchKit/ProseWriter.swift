/// Writes news prose in English or Persian from the phrase books: sentences of
/// several shapes (statements, figures, quotes with attribution, consequences),
/// paragraphs of three to six sentences, and bodies of a target UTF-8 length.
public struct ProseWriter: Sendable {
    /// The language: `en` or `fa`.
    public let language: String

    /// Creates a writer for `en` or `fa` (anything else writes English).
    public init(language: String) { self.language = language == "fa" ? "fa" : "en" }

    /// One sentence, ending in a full stop.
    public func sentence(_ random: inout SeededRandom) -> String {
        language == "fa" ? persianSentence(&random) : englishSentence(&random)
    }

    /// A paragraph of three to six sentences.
    public func paragraph(_ random: inout SeededRandom) -> String {
        let count = 3 + random.below(4)
        return (0..<count).map { _ in sentence(&random) }.joined(separator: " ")
    }

    /// A body of about `targetBytes` UTF-8 bytes (never more than `targetBytes`
    /// plus one paragraph), paragraphs separated by blank lines.
    public func body(targetBytes: Int, _ random: inout SeededRandom) -> String {
        var paragraphs: [String] = []
        var bytes = 0
        while bytes < targetBytes {
            var paragraph = self.paragraph(&random)
            let room = targetBytes - bytes
            if paragraph.utf8.count > room + 200, !paragraphs.isEmpty {
                // Trim the last paragraph to whole sentences near the target.
                var kept: [String] = []
                var size = 0
                for part in splitSentences(paragraph) where size + part.utf8.count <= max(room, 1) {
                    kept.append(part)
                    size += part.utf8.count + 1
                }
                if kept.isEmpty { break }
                paragraph = kept.joined(separator: " ")
            }
            paragraphs.append(paragraph)
            bytes += paragraph.utf8.count + 2
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// A headline.
    public func title(_ random: inout SeededRandom) -> String {
        if language == "fa" {
            let p = PersianPhrases.self
            return "\(random.pick(p.objects)) در \(random.pick(p.places)): \(random.pick(p.titleHeads))"
        }
        let p = EnglishPhrases.self
        return "\(random.pick(p.places)) \(random.pick(p.titleHeads)): \(capitalised(random.pick(p.objects)))"
    }

    /// A lead of two sentences.
    public func lead(_ random: inout SeededRandom) -> String {
        sentence(&random) + " " + sentence(&random)
    }

    /// A comment of one to three sentences, in the voice of a reader.
    public func comment(_ random: inout SeededRandom) -> String {
        let count = 1 + random.below(3)
        return (0..<count).map { _ in sentence(&random) }.joined(separator: " ")
    }

    private func splitSentences(_ paragraph: String) -> [String] {
        let terminator: Character = "."
        var parts: [String] = []
        var current = ""
        for character in paragraph {
            current.append(character)
            if character == terminator, current.count > 1 {
                parts.append(current.trimmingSpaces())
                current = ""
            }
        }
        if !current.trimmingSpaces().isEmpty { parts.append(current.trimmingSpaces()) }
        return parts
    }

    private func englishSentence(_ random: inout SeededRandom) -> String {
        let p = EnglishPhrases.self
        switch random.below(7) {
        case 0:
            return "\(random.pick(p.times)), \(lowerFirst(random.pick(p.subjects))) in \(random.pick(p.places)) \(random.pick(p.verbs)) \(random.pick(p.objects))."
        case 1:
            return "\(random.pick(p.subjects)) \(random.pick(p.verbs)) \(random.pick(p.objects)), and \(random.pick(p.consequences))."
        case 2:
            return "\(random.pick(p.connectors)) \(random.pick(p.consequences)) in \(random.pick(p.places))."
        case 3:
            let number = 2 + random.below(980)
            return "Figures published \(lowerFirst(random.pick(p.times))) put the change at \(number) \(random.pick(p.units)), according to \(lowerFirst(random.pick(p.subjects)))."
        case 4:
            return "\"\(random.pick(p.quotes)),\" said \(random.pick(p.people)), \(random.pick(p.roles)) \(random.pick(p.places))."
        case 5:
            return "\(random.pick(p.connectors)) \(lowerFirst(random.pick(p.subjects))) \(random.pick(p.verbs)) \(random.pick(p.objects))."
        default:
            let year = 1990 + random.below(36)
            return "Since \(year), \(lowerFirst(random.pick(p.subjects))) in \(random.pick(p.places)) have \(random.pick(p.verbs)) \(random.pick(p.objects)) more than once."
        }
    }

    private func persianSentence(_ random: inout SeededRandom) -> String {
        let p = PersianPhrases.self
        switch random.below(6) {
        case 0:
            return "\(random.pick(p.subjects)) در \(random.pick(p.places)) \(random.pick(p.times)) \(random.pick(p.objects)) \(random.pick(p.verbs))."
        case 1:
            return "\(random.pick(p.connectors)) \(random.pick(p.consequences))."
        case 2:
            let number = 2 + random.below(980)
            return "بر اساس ارقامی که \(random.pick(p.times)) منتشر شد، این تغییر \(persianDigits(number)) \(random.pick(p.units)) بوده است."
        case 3:
            return "\(random.pick(p.people))، \(random.pick(p.roles)) \(random.pick(p.places))، گفت: «\(random.pick(p.quotes))»."
        case 4:
            return "\(random.pick(p.subjects)) \(random.pick(p.objects)) \(random.pick(p.verbs)) و \(random.pick(p.consequences))."
        default:
            return "به گفته \(random.pick(p.subjects))، در \(random.pick(p.places)) \(random.pick(p.consequences))."
        }
    }

    private func persianDigits(_ number: Int) -> String {
        let digits: [Character] = ["۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹"]
        return String(String(number).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }

    private func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep proper names ("The United Nations office" reads fine lowered: "the United…").
        return first.lowercased() + text.dropFirst()
    }

    private func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
