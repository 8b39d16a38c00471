/// The comment budgets of one push's sender (SPEC.md §10.2): asked once for
/// each submission that is not a replay of a key the server remembers,
/// before its fields are checked (a refused submission is remembered too). A submission over budget gets a per-item `RATE_LIMITED` result
/// with the seconds to wait; the rest of the push is still answered.
///
/// The service knows nothing of addresses or HTTP: the HTTP server passes
/// one per request, holding the sender's client key and address.
public protocol CommentAdmission: Sendable {
    /// Takes one comment from the sender's budgets: nil if taken, else the
    /// seconds until one is available again (at least 1). A refusal takes
    /// nothing from any budget.
    func admitOne() async -> UInt32?
}
