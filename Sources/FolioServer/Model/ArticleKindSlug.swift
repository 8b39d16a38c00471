import FolioWire

/// The kind of a published piece, as the slug used in JSON and in the database.
public enum ArticleKindSlug: String, Sendable, Hashable, Codable, CaseIterable {
    /// A regular article.
    case article
    /// A report.
    case report
    /// An interview.
    case interview
    /// A special report.
    case specialReport = "special-report"

    /// The wire enum value (SPEC.md §4.4).
    public var wire: WireArticleKind {
        switch self {
        case .article: .article
        case .report: .report
        case .interview: .interview
        case .specialReport: .specialReport
        }
    }
}
