import FolioServer

/// The comment budgets of one push (SPEC.md §10.2): one unit per submission
/// that is not a replay, from the sender's client key and from its address.
/// A comment over either budget is refused with `RATE_LIMITED` and takes
/// nothing from the other.
struct PushAdmission: CommentAdmission {
    let clientLimiter: RateLimiter
    let addressLimiter: RateLimiter
    /// The hex SHA-256 of the push's client key.
    let clientKey: String
    /// The sender's address, when known (``ClientAddress``).
    let address: String?

    func admitOne() async -> UInt32? {
        if let wait = await clientLimiter.take(1, for: clientKey) { return wait }
        if let address, let wait = await addressLimiter.take(1, for: address) {
            await clientLimiter.giveBack(1, for: clientKey)
            return wait
        }
        return nil
    }
}
