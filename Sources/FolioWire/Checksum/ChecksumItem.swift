/// The items of the archive checksum (SPEC.md §7.2): one 64-bit hash per
/// article, over every field, and one per approved comment, over its public
/// fields.
///
/// ```text
/// digest(bytes)  = be32(crc32(bytes)) ‖ be32(adler32(bytes))
/// articleItem(a) = fmix64(fnv1a64(0x41 ‖ be64(id) ‖ be64(revision) ‖ digest(canonical(a))))
/// commentItem(c) = fmix64(fnv1a64(0x43 ‖ be64(id) ‖ be64(article_id) ‖ digest(canonical(c))))
/// ```
///
/// Both sides compute items from what they store, so any field that differs
/// (a damaged title, a wrong body) makes the bucket differ and repair fetch it.
public enum ChecksumItem {
    /// The item of an article from its fields (SPEC.md §7.2, `canonical(a)`).
    ///
    /// - parameter kind: the `ArticleKind` number (1 article, 2 report, 3
    ///   interview, 4 special report).
    public static func article(
        id: Int64, revision: Int64, newsCode: Int64, language: String, title: String, lead: String, body: String,
        author: String, source: String, publishedAt: Int64, updatedAt: Int64, regions: [String], topics: [String],
        kind: UInt32, readingMinutes: UInt32, related: [Int64]
    ) -> UInt64 {
        let canonical = canonicalArticle(
            id: id, revision: revision, newsCode: newsCode, language: language, title: title, lead: lead, body: body,
            author: author, source: source, publishedAt: publishedAt, updatedAt: updatedAt, regions: regions,
            topics: topics, kind: kind, readingMinutes: readingMinutes, related: related)
        return item(tag: 0x41, first: id, second: revision, canonical: canonical)
    }

    /// The canonical bytes of an article (SPEC.md §7.2, `canonical(a)`).
    public static func canonicalArticle(
        id: Int64, revision: Int64, newsCode: Int64, language: String, title: String, lead: String, body: String,
        author: String, source: String, publishedAt: Int64, updatedAt: Int64, regions: [String], topics: [String],
        kind: UInt32, readingMinutes: UInt32, related: [Int64]
    ) -> [UInt8] {
        var canonical = CanonicalBytes(capacity: 160 + title.utf8.count + lead.utf8.count + body.utf8.count)
        canonical.int64(id)
        canonical.int64(revision)
        canonical.int64(newsCode)
        canonical.string(language)
        canonical.string(title)
        canonical.string(lead)
        canonical.string(body)
        canonical.string(author)
        canonical.string(source)
        canonical.int64(publishedAt)
        canonical.int64(updatedAt)
        canonical.strings(regions)
        canonical.strings(topics)
        canonical.uint32(kind)
        canonical.uint32(readingMinutes)
        canonical.uint32(UInt32(truncatingIfNeeded: related.count))
        for value in related { canonical.int64(value) }
        return canonical.bytes
    }

    /// The canonical bytes of an article message (SPEC.md §7.2).
    public static func canonical(_ article: WireArticle) -> [UInt8] {
        canonicalArticle(
            id: article.id, revision: article.revision, newsCode: article.newsCode, language: article.language,
            title: article.title, lead: article.lead, body: article.body, author: article.author,
            source: article.source, publishedAt: article.publishedAt, updatedAt: article.updatedAt,
            regions: article.regions, topics: article.topics, kind: UInt32(truncatingIfNeeded: article.kind.rawValue),
            readingMinutes: article.readingMinutes, related: article.related)
    }

    /// The canonical bytes of a comment message's public fields (SPEC.md §7.2).
    public static func canonical(_ comment: WireComment) -> [UInt8] {
        canonicalComment(id: comment.id, articleID: comment.articleID, name: comment.name, text: comment.text,
                         createdAt: comment.createdAt)
    }

    /// The item of an article message (SPEC.md §7.2).
    public static func article(_ article: WireArticle) -> UInt64 {
        item(tag: 0x41, first: article.id, second: article.revision, canonical: canonical(article))
    }

    /// The item of an approved comment from its public fields (SPEC.md §7.2, `canonical(c)`).
    public static func comment(id: Int64, articleID: Int64, name: String, text: String, createdAt: Int64) -> UInt64 {
        item(tag: 0x43, first: id, second: articleID,
             canonical: canonicalComment(id: id, articleID: articleID, name: name, text: text, createdAt: createdAt))
    }

    /// The canonical bytes of a comment's public fields (SPEC.md §7.2, `canonical(c)`).
    public static func canonicalComment(id: Int64, articleID: Int64, name: String, text: String, createdAt: Int64) -> [UInt8] {
        var canonical = CanonicalBytes(capacity: 36 + name.utf8.count + text.utf8.count)
        canonical.int64(id)
        canonical.int64(articleID)
        canonical.string(name)
        canonical.string(text)
        canonical.int64(createdAt)
        return canonical.bytes
    }

    /// The item of a comment message, from its public fields (SPEC.md §7.2).
    /// The caller decides whether the comment counts (only approved ones do).
    public static func comment(_ comment: WireComment) -> UInt64 {
        self.comment(
            id: comment.id, articleID: comment.articleID, name: comment.name, text: comment.text,
            createdAt: comment.createdAt)
    }

    /// `fmix64(fnv1a64(tag ‖ be64(first) ‖ be64(second) ‖ digest(canonical)))`.
    static func item(tag: UInt8, first: Int64, second: Int64, canonical: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        mix(tag)
        for word in [UInt64(bitPattern: first), UInt64(bitPattern: second)] {
            for shift in stride(from: 56, through: 0, by: -8) { mix(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        let digest = UInt64(ZlibChecksum.crc32(canonical)) << 32 | UInt64(ZlibChecksum.adler32(canonical))
        for shift in stride(from: 56, through: 0, by: -8) { mix(UInt8(truncatingIfNeeded: digest >> UInt64(shift))) }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}

/// The canonical encoding of SPEC.md §7.2: big-endian integers, strings as
/// a 4-byte length and their UTF-8 bytes, lists as a 4-byte count and items.
struct CanonicalBytes {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func int64(_ value: Int64) {
        ByteWriter.appendBigEndian(UInt64(bitPattern: value), width: 8, to: &bytes)
    }

    mutating func uint32(_ value: UInt32) {
        ByteWriter.appendBigEndian(UInt64(value), width: 4, to: &bytes)
    }

    mutating func string(_ value: String) {
        uint32(UInt32(truncatingIfNeeded: value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func strings(_ values: [String]) {
        uint32(UInt32(truncatingIfNeeded: values.count))
        for value in values { string(value) }
    }
}
