import Foundation

/// Reads JSON-lines files: one JSON object per line, blank lines ignored.
public enum JSONLines {
    /// The largest file accepted, in bytes.
    public static let maxFileBytes = 256 << 20

    /// Decodes every non-blank line of `data` as a `T`.
    ///
    /// - Throws: ``FolioServerError/Code/importLineInvalid`` naming the first
    ///   bad line (1-based) and what is wrong with it.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> [T] {
        guard data.count <= maxFileBytes else {
            throw FolioServerError(.importLineInvalid, "file exceeds \(maxFileBytes) bytes")
        }
        let decoder = JSONDecoder()
        var values: [T] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            guard trimmed.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            if let key = JSONDuplicateKeys.first(in: Array(trimmed)) {
                throw FolioServerError(.importLineInvalid, "line \(index + 1): field \(key) appears twice")
            }
            do {
                values.append(try decoder.decode(T.self, from: Data(trimmed)))
            } catch let error as DecodingError {
                throw FolioServerError(.importLineInvalid, "line \(index + 1): \(describe(error))")
            } catch {
                throw FolioServerError(.importLineInvalid, "line \(index + 1): not valid JSON")
            }
        }
        return values
    }

    /// The first field named twice in one object of `bytes` (which one of
    /// the two `JSONDecoder` keeps is not specified), or nil.
    public static func duplicateField(in bytes: [UInt8]) -> String? {
        JSONDuplicateKeys.first(in: bytes)
    }

    /// A short description of a decoding error, naming the field but no values.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context)): \(context.debugDescription)"
        @unknown default: return "cannot be decoded"
        }
    }
}
