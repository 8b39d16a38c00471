import Foundation

/// One generated vector file: a path below `Protocol/vectors/` and its JSON.
public struct VectorFile: Sendable {
    /// The file name, e.g. `frames.json`.
    public let name: String
    /// The file contents (UTF-8 JSON, sorted keys, trailing newline).
    public let contents: Data

    /// Serialises a JSON object deterministically.
    init(name: String, json: Any) throws {
        self.name = name
        var data = try JSONSerialization.data(
            withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        self.contents = data
    }
}
