import FolioWire

/// Builds a snippet of original text around the words that match a query.
///
/// Matching folds each word of the original text (SPEC.md §13) and compares it
/// with the folded query terms, so the snippet shows the text as the
/// publisher wrote it, Persian letters and digits included.
struct Snippet {
    /// The folded query terms; a word matches a term it starts with.
    var terms: [String]
    /// The most words in a snippet.
    var maxWords = 24
    /// Placed before a matched word.
    var open = "["
    /// Placed after a matched word.
    var close = "]"
    /// Marks text left out at either end.
    var ellipsis = "…"

    /// A snippet of `text`, or `nil` when no word of it matches.
    func make(from text: String) -> String? {
        let scalars = text.unicodeScalars
        let words = SearchFolding.wordRanges(in: text)
        let matches = words.map { range in
            let folded = SearchFolding.fold(String(scalars[range]))
            return terms.contains { folded.hasPrefix($0) }
        }
        guard let first = matches.firstIndex(of: true) else { return nil }
        let startWord = max(0, min(first - maxWords / 4, words.count - maxWords))
        let endWord = min(words.count, startWord + maxWords)
        var result = startWord > 0 ? ellipsis : ""
        var cursor = words[startWord].lowerBound
        for index in startWord..<endWord {
            let range = words[index]
            result += String(scalars[cursor..<range.lowerBound])
            let word = String(scalars[range])
            result += matches[index] ? open + word + close : word
            cursor = range.upperBound
        }
        if endWord < words.count {
            result += ellipsis
        } else {
            result += String(scalars[cursor..<scalars.endIndex])
        }
        return result.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    }
}
