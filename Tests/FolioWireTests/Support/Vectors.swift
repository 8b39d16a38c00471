import Foundation
import FolioWire
import Testing

/// Loads `Protocol/vectors/*.json`. A missing, unreadable or empty file
/// makes the calling test fail (SPEC.md §16).
enum Vectors {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.appendingPathComponent("Protocol/vectors")

    /// Every file the generator writes; each must exist and be non-empty.
    static let fileNames = [
        "dictionaries.json", "frames.json", "frames-invalid.json", "deltas.json", "deltas-invalid.json",
        "checksums.json", "cursors.json", "search-normalisation.json", "search-token-characters.json",
        "search-queries.json",
    ]

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func json(_ name: String) throws -> Any {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), !data.isEmpty else {
            throw Missing(description: "vector file \(name) is missing or empty")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    static func list(_ name: String) throws -> [[String: Any]] {
        guard let entries = try json(name) as? [[String: Any]], !entries.isEmpty else {
            throw Missing(description: "vector file \(name) holds no entries")
        }
        return entries
    }

    static func object(_ name: String) throws -> [String: Any] {
        guard let object = try json(name) as? [String: Any], !object.isEmpty else {
            throw Missing(description: "vector file \(name) holds no object")
        }
        return object
    }

    static func bytes(_ entry: [String: Any], _ key: String = "hex") throws -> [UInt8] {
        guard let text = entry[key] as? String, let bytes = HexText.decode(text) else {
            throw Missing(description: "entry \(entry["name"] ?? "?") has no hex field \(key)")
        }
        return bytes
    }

    static func dictionaries() throws -> [PresetDictionary] {
        try list("dictionaries.json").map { entry in
            try PresetDictionary(bytes: try bytes(entry), language: entry["language"] as? String ?? "",
                                 version: UInt32(entry["version"] as? Int ?? 0),
                                 expectedID: UInt32(entry["id"] as? Int ?? 0))
        }
    }

    /// The limits of an invalid-frame entry: defaults overridden by `limits`.
    static func limits(_ entry: [String: Any]) -> FrameLimits {
        let given = entry["limits"] as? [String: Int] ?? [:]
        let base = FrameLimits.default
        return FrameLimits(
            maxFrameBytes: given["maxFrameBytes"] ?? base.maxFrameBytes,
            inflate: InflateLimits(
                maxInflatedBytes: given["maxInflatedBytes"] ?? base.inflate.maxInflatedBytes,
                maxRatio: given["maxRatio"] ?? base.inflate.maxRatio,
                ratioGraceBytes: given["ratioGraceBytes"] ?? base.inflate.ratioGraceBytes))
    }

    /// Runs `body` and returns the FolioWireError code it throws, or nil.
    static func code(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as FolioWireError {
            return error.code.rawValue
        } catch {
            return -1
        }
    }
}

/// Hex for tests (the kit's `Hex` is not a dependency of this target).
enum HexText {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.filter { !$0.isWhitespace })
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else { return nil }
            out.append(byte)
            index += 2
        }
        return out
    }
}
