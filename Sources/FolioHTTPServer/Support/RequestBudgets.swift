import FolioServer
import FolioWire
import Foundation

/// The request budgets of SPEC.md §5.4: per kind of request, per client
/// address and per client key (when the request carries one), a number of
/// requests per window, answered over budget with 429, E505 and `Retry-After`.
///
/// The defaults (``HTTPServerConfiguration/pullsPerMinute`` and the others)
/// are far above what a client that follows the protocol sends: a full
/// comparison of a 100,000-article archive needs 1 checksum request and
/// about 200 repair answers. A long poll counts once, when it arrives.
struct RequestBudgets: Sendable {
    /// The kinds of request that have a budget.
    enum Kind: String, Sendable {
        case pull, checksums, repair
    }

    private let pulls: RateLimiter
    private let checksums: RateLimiter
    private let repairs: RateLimiter

    /// Budgets from `configuration`.
    init(_ configuration: HTTPServerConfiguration) {
        let window = configuration.budgetWindow
        let keys = configuration.budgetMaxTrackedKeys
        pulls = RateLimiter(limit: configuration.pullsPerMinute, window: window, maxKeys: keys)
        checksums = RateLimiter(limit: configuration.checksumsPerMinute, window: window, maxKeys: keys)
        repairs = RateLimiter(limit: configuration.repairsPerMinute, window: window, maxKeys: keys)
    }

    private func limiter(_ kind: Kind) -> RateLimiter {
        switch kind {
        case .pull: pulls
        case .checksums: checksums
        case .repair: repairs
        }
    }

    /// Counts one request of `kind` from `address` (before its body is read).
    ///
    /// - Throws: ``FolioHTTPError`` 429 (E505) with `Retry-After` over budget.
    func charge(_ kind: Kind, address: String?) async throws {
        guard let address else { return }
        if let wait = await limiter(kind).take(1, for: "address " + address) {
            throw FolioHTTPError(
                .rateLimited, "too many \(kind.rawValue) requests from this address", retryAfterSeconds: wait)
        }
    }

    /// Counts one request of `kind` for the client key it carries (none: nothing).
    ///
    /// - Throws: ``FolioHTTPError`` 429 (E505) with `Retry-After` over budget.
    func charge(_ kind: Kind, clientKey: Data) async throws {
        guard !clientKey.isEmpty else { return }
        let key = "key " + Hashing.hex(Hashing.sha256(Array(clientKey)))
        if let wait = await limiter(kind).take(1, for: key) {
            throw FolioHTTPError(
                .rateLimited, "too many \(kind.rawValue) requests from this client", retryAfterSeconds: wait)
        }
    }
}
