import Foundation

/// The address a request's rate limits count against.
///
/// Behind a reverse proxy every request arrives from the proxy, so the
/// per-address comment limit would count all readers as one. When the peer is
/// one of the operator's trusted proxies, the client is the rightmost address
/// of `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends
/// the address it saw; entries further left are whatever the client claimed).
/// A peer that is not trusted is the client, whatever it sends.
enum ClientAddress {
    /// The client's address.
    ///
    /// - parameters:
    ///   - peer: the address of the connection's other end.
    ///   - forwardedFor: the values of every `X-Forwarded-For` field, in order.
    ///   - trustedProxies: the proxies' addresses, exactly as the peer shows them.
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? peer
    }
}
