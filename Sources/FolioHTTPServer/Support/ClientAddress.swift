import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The key a request's limits count against: an IPv4 address as it is,
    /// an IPv6 address by its /64 prefix (`2001:db8:1:2::/64`), because one
    /// subscriber gets a whole /64 and could otherwise send each request from
    /// another address. Anything that is not an IP address is its own key.
    static func limitKey(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let parsed = address.withCString { inet_pton(AF_INET6, $0, &bytes) }
        guard parsed == 1 else { return address }
        // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client it maps.
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
