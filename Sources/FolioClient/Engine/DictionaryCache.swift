import FolioStore
import Foundation

/// Where a transport keeps the server's preset dictionaries between runs
/// (SPEC.md §9.2), so that an installation downloads each dictionary once
/// rather than once per process. A dictionary's id is the Adler-32 of its
/// bytes, so a cached copy is checked again before it is used.
///
/// ``FolioStore`` is one: its `dictionary` table holds them.
public protocol DictionaryCache: Sendable {
    /// The bytes of a dictionary kept before, or `nil`.
    func cachedDictionary(id: UInt32) throws -> Data?
    /// Keeps a dictionary that was downloaded and verified.
    func cacheDictionary(id: UInt32, language: String, version: Int, bytes: Data) throws
}

extension FolioStore: DictionaryCache {
    /// The dictionary stored under `id`, or `nil`.
    public func cachedDictionary(id: UInt32) throws -> Data? {
        try dictionary(id: String(id))
    }

    /// Stores a verified dictionary under `id`.
    public func cacheDictionary(id: UInt32, language: String, version: Int, bytes: Data) throws {
        try saveDictionary(id: String(id), language: language, version: version, bytes: bytes)
    }
}
