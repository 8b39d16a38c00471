/// A versioned zlib preset dictionary for one language (SPEC.md §9.2).
///
/// Its id is the Adler-32 of its bytes, the same value zlib writes as DICTID
/// into a stream compressed with it, so a frame can name it and a client can
/// verify what it downloaded.
public struct PresetDictionary: Sendable, Hashable {
    /// The largest dictionary accepted: zlib uses at most the last 32 KiB.
    public static let maxBytes = 32 * 1024

    /// Adler-32 of ``bytes``.
    public let id: UInt32
    /// The language the dictionary was trained for, e.g. `"en"` or `"fa"`.
    public let language: String
    /// The publisher's version number of the dictionary for that language.
    public let version: UInt32
    /// The dictionary contents.
    public let bytes: [UInt8]

    /// Creates a dictionary; throws ``FolioWireError/Code/dictionaryMismatch``
    /// if it is empty, larger than ``maxBytes``, or `expectedID` is given and
    /// differs from the Adler-32 of `bytes`.
    public init(bytes: [UInt8], language: String, version: UInt32, expectedID: UInt32? = nil) throws {
        guard !bytes.isEmpty, bytes.count <= Self.maxBytes else {
            throw FolioWireError(.dictionaryMismatch, "dictionary size must be 1...\(Self.maxBytes)")
        }
        let id = ZlibChecksum.adler32(bytes)
        if let expectedID, expectedID != id {
            throw FolioWireError(.dictionaryMismatch, "dictionary bytes do not have the announced id")
        }
        self.id = id
        self.language = language
        self.version = version
        self.bytes = bytes
    }

    /// The message form used in ``WireServerInfo`` (SPEC.md §9.2).
    public var info: WireDictionaryInfo {
        var info = WireDictionaryInfo()
        info.id = id
        info.language = language
        info.version = version
        info.size = UInt32(bytes.count)
        return info
    }
}
