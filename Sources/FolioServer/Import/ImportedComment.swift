
/// One line of a comments JSON-lines file (`Examples/demo/comments.jsonl`):
///
/// ```json
/// {"articleId": 1001, "name": "Grace", "email": "g@example.com", "text": "…",
///  "createdAt": "2026-01-06T09:02:00Z", "status": "approved"}
/// ```
public struct ImportedComment: Sendable, Hashable, Decodable {
    /// The article commented on.
    public var articleID: Int64
    /// Display name.
    public var name: String
    /// E-mail address.
    public var email: String
    /// Text.
    public var text: String
    /// When it was written, Unix ms.
    public var createdAt: Int64
    /// Moderation status (default pending).
    public var status: ModerationStatus

    enum CodingKeys: String, CodingKey {
        case articleID = "articleId", name, email, text, createdAt, status
    }

    /// Decodes one line; `createdAt` must be an ISO-8601 UTC time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        articleID = try container.decode(Int64.self, forKey: .articleID)
        name = try container.decode(String.self, forKey: .name)
        email = try container.decode(String.self, forKey: .email)
        text = try container.decode(String.self, forKey: .text)
        let created = try container.decode(String.self, forKey: .createdAt)
        guard let millis = Timestamp.milliseconds(fromISO8601: created) else {
            throw DecodingError.dataCorruptedError(
                forKey: .createdAt, in: container, debugDescription: "createdAt is not an ISO-8601 UTC time")
        }
        createdAt = millis
        status = try container.decodeIfPresent(ModerationStatus.self, forKey: .status) ?? .pending
    }

    /// A key that identifies this comment across re-imports: SHA-256 (hex) of
    /// its article, time, name, e-mail and text.
    public var importKey: String {
        var bytes: [UInt8] = []
        for value in [articleID, createdAt] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        for field in [name, email, text] {
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return Hashing.hex(Hashing.sha256(bytes))
    }
}
