import FolioWire

/// Which of the preset dictionaries a client holds compresses a response
/// (SPEC.md §9.2: the server may use any dictionary the request named).
///
/// A dictionary primes zlib with text of its language, so the one whose
/// language carries most of a page's text compresses it best: a Persian
/// reader holding the English and Persian dictionaries gets its pages
/// compressed with the Persian one. The weight of a language is the text
/// bytes of the page's whole articles in it (patches and comments do not
/// name their language); without any, the first dictionary held is used.
enum DictionaryChoice {
    /// The dictionary for a page, among `held` (in the client's order).
    static func forPage(_ page: WirePullResponse, held: [PresetDictionary]) -> PresetDictionary? {
        guard held.count > 1 else { return held.first }
        var weights: [String: Int] = [:]
        for change in page.articles {
            guard case .full(let article)? = change.change else { continue }
            weights[article.language, default: 0] += article.title.utf8.count + article.lead.utf8.count
                + article.body.utf8.count
        }
        return best(held, weights: weights)
    }

    /// The first of `held` whose language has the greatest weight.
    static func best(_ held: [PresetDictionary], weights: [String: Int]) -> PresetDictionary? {
        var chosen = held.first
        var chosenWeight = chosen.map { weights[$0.language] ?? 0 } ?? 0
        for dictionary in held.dropFirst() {
            let weight = weights[dictionary.language] ?? 0
            if weight > chosenWeight {
                chosen = dictionary
                chosenWeight = weight
            }
        }
        return chosen
    }
}
