/// The languages whose bootstrap snapshot parts a store has applied (SPEC.md
/// §11): what a wider subscription still has to fetch as parts rather than
/// repair article by article (SPEC.md §6.4).
public enum HeldLanguages: Sendable, Hashable {
    /// Every language.
    case all
    /// These languages only, sorted and without repeats.
    case only([String])

    /// The languages a subscription carries: all for an empty list.
    public init(_ subscription: SyncSubscription) {
        self = subscription.languages.isEmpty ? .all : .only(subscription.languages)
    }

    /// Whether the parts of `language` are held.
    public func contains(_ language: String) -> Bool {
        switch self {
        case .all: true
        case .only(let languages): languages.contains(language)
        }
    }

    /// Whether every language `subscription` carries is held.
    public func covers(_ subscription: SyncSubscription) -> Bool {
        switch self {
        case .all: true
        case .only(let languages): !subscription.languages.isEmpty && Set(subscription.languages).isSubset(of: languages)
        }
    }

    /// These languages and those of `subscription`.
    public func union(_ subscription: SyncSubscription) -> HeldLanguages {
        guard case .only(let languages) = self, !subscription.languages.isEmpty else { return .all }
        return .only(Array(Set(languages + subscription.languages)).sorted())
    }

    /// The languages of these that `subscription` still carries.
    public func intersection(_ subscription: SyncSubscription) -> HeldLanguages {
        if subscription.languages.isEmpty { return self }
        switch self {
        case .all: return .only(subscription.languages)
        case .only(let languages): return .only(languages.filter(subscription.languages.contains))
        }
    }
}
