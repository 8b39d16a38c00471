import Foundation

/// Finds a field named twice in a JSON object. `JSONDecoder` keeps one of
/// the two silently, so an editor who sends `{"title": "A", "title": "B"}`
/// could not know which title was published; the editor API and the
/// importer refuse such objects with a clear error instead.
enum JSONDuplicateKeys {
    /// The first key that appears twice in one object of `bytes`, at any
    /// depth, with its escapes resolved; nil if there is none, or if `bytes`
    /// is not well-formed enough to tell (the decoder then reports that).
    static func first(in bytes: [UInt8]) -> String? {
        var objects: [Set<String>?] = []  // nil: an array
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                objects.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                objects.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = objects.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = objects.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                guard let end = closingQuote(bytes, after: index) else { return nil }
                if expectingKey, let top = objects.indices.last, var keys = objects[top] {
                    guard let key = try? JSONDecoder().decode(String.self, from: Data(bytes[index...end])) else {
                        return nil
                    }
                    if !keys.insert(key).inserted { return key }
                    objects[top] = keys
                    expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The index of the quote that closes the string whose opening quote is
    /// at `start` (a backslash escapes the byte after it).
    private static func closingQuote(_ bytes: [UInt8], after start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }
}
