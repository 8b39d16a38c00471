import Foundation
import FolioWire

/// Builds `deltas.json` and `deltas-invalid.json` (SPEC.md §16.3).
struct DeltaVectors {
    /// Pairs of texts and the delta ``BodyDelta/make(base:target:)`` writes.
    func valid() -> [[String: Any]] {
        var corpus = Corpus(seed: 0xDE17A)
        let article = corpus.body(language: "en", bytes: 2000)
        let corrected = article.replacingFirstSentence(with: corpus.sentence(language: "en"))
        let middleFix = article.replacingOccurrences(of: "said on Tuesday", with: "said on Wednesday", limit: 1)
        let persian = corpus.body(language: "fa", bytes: 800)
        let persianFix = persian.replacingFirstSentence(with: corpus.sentence(language: "fa"))
        let paragraphs = article.split(separator: "\n\n", omittingEmptySubsequences: false).map(String.init)
        let moved = (paragraphs.dropFirst() + paragraphs.prefix(1)).joined(separator: "\n\n")
        let cases: [(String, String, String)] = [
            ("identical", "Kabul, 1 March.", "Kabul, 1 March."),
            ("empty-base", "", "A new body."),
            ("empty-target", "An old body.", ""),
            ("both-empty", "", ""),
            ("short-replace", "Tashkent", "Dushanbe"),
            ("append-sentence", article, article + " A correction was appended."),
            ("prepend-note", article, "Correction: an earlier version misstated the date. " + article),
            ("one-sentence-correction", article, corrected),
            ("one-word-in-middle", article, middleFix),
            ("paragraph-moved", article, moved),
            ("persian-correction", persian, persianFix),
        ]
        return cases.map { name, base, target in
            [
                "name": name,
                "base": base,
                "target": target,
                "delta": Hex.encode(BodyDelta.make(base: base, target: target)),
            ]
        }
    }

    /// Deltas that MUST be rejected with `error` when applied to `base`.
    func invalid() -> [[String: Any]] {
        let base = "The talks in Doha produced no agreement."
        let target = "The talks in Doha produced an agreement."
        let good = BodyDelta.make(base: base, target: target)
        var corruptTargetCRC = good
        corruptTargetCRC[corruptTargetCRC.count > 12 ? 11 : 0] ^= 0x40
        let header = Array(good.prefix(headerLength(good)))
        func with(_ ops: [UInt8]) -> [UInt8] { header + ops }
        let entries: [(String, [UInt8], Int, Int?)] = [
            ("empty", [], 301, nil),
            ("bad-magic", [0x46, 0x45, 0x01] + good.dropFirst(3), 301, nil),
            ("version-2", [0x46, 0x44, 0x02] + good.dropFirst(3), 301, nil),
            ("truncated-header", Array(good.prefix(6)), 301, nil),
            ("other-base", BodyDelta.make(base: base + " ", target: target), 302, nil),
            ("target-above-limit", good, 303, 8),
            ("target-crc-wrong", corruptTargetCRC, 304, nil),
            ("unknown-op", with([0x03, 0x00]), 301, nil),
            ("copy-past-base-end", with([0x01, 0x20, 0x30]), 301, nil),
            ("copy-zero-length", with([0x01, 0x00, 0x00]), 301, nil),
            ("insert-zero-length", with([0x02, 0x00]), 301, nil),
            ("insert-truncated", with([0x02, 0x05, 0x41]), 301, nil),
            ("varint-too-long", with([0x01] + [UInt8](repeating: 0xFF, count: 10)), 301, nil),
            ("produces-too-little", with([0x01, 0x00, 0x05]), 301, nil),
            ("produces-too-much", good + [0x02, 0x01, 0x21], 301, nil),
        ]
        return entries.map { name, delta, code, limit in
            var entry: [String: Any] = ["name": name, "base": base, "delta": Hex.encode(delta), "error": code]
            if let limit { entry["maxTargetBytes"] = limit }
            return entry
        }
    }

    /// The length of the delta header: magic, two varints, two CRCs.
    private func headerLength(_ delta: [UInt8]) -> Int {
        var index = 3
        for _ in 0..<2 {
            while index < delta.count, delta[index] & 0x80 != 0 { index += 1 }
            index += 1 + 4
        }
        return min(index, delta.count)
    }
}

extension String {
    /// Replaces the first `limit` occurrences of `target`.
    func replacingOccurrences(of target: String, with replacement: String, limit: Int) -> String {
        var result = self
        var searchStart = result.startIndex
        for _ in 0..<limit {
            guard let range = result.range(of: target, range: searchStart..<result.endIndex) else { break }
            result.replaceSubrange(range, with: replacement)
            searchStart = result.index(range.lowerBound, offsetBy: replacement.count)
        }
        return result
    }
}
