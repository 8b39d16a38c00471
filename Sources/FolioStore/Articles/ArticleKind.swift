/// The kinds of piece a publication prints.
public enum ArticleKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A news article.
    case article
    /// An analytical report.
    case report
    /// An interview, in questions and answers.
    case interview
    /// A long special report.
    case specialReport = "special-report"
}
