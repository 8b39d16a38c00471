@testable import FolioHTTPServer
import FolioServer
import FolioWire
import Hummingbird
import HummingbirdTesting
import Testing

/// Per-address comment limits behind a reverse proxy: `X-Forwarded-For` is
/// believed only from the operator's trusted proxies.
@Suite("HTTP: client address behind proxies")
struct ForwardedForTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var peer: String?
        var forwarded: [String]
        var trusted: Set<String>
        var expected: String?
        var testDescription: String { "\(peer ?? "nil") \(forwarded) trusting \(trusted.sorted())" }
    }

    @Test(arguments: [
        Case(peer: "198.51.100.7", forwarded: ["203.0.113.5"], trusted: [], expected: "198.51.100.7"),
        Case(peer: "198.51.100.7", forwarded: ["203.0.113.5"], trusted: ["10.0.0.1"], expected: "198.51.100.7"),
        Case(peer: "10.0.0.1", forwarded: ["203.0.113.5"], trusted: ["10.0.0.1"], expected: "203.0.113.5"),
        Case(peer: "10.0.0.1", forwarded: ["1.2.3.4, 203.0.113.5"], trusted: ["10.0.0.1"], expected: "203.0.113.5"),
        Case(peer: "10.0.0.1", forwarded: ["1.2.3.4", "203.0.113.5, 10.0.0.2"], trusted: ["10.0.0.1", "10.0.0.2"],
             expected: "203.0.113.5"),
        Case(peer: "10.0.0.1", forwarded: [], trusted: ["10.0.0.1"], expected: "10.0.0.1"),
        Case(peer: "10.0.0.1", forwarded: [" , "], trusted: ["10.0.0.1"], expected: "10.0.0.1"),
        Case(peer: nil, forwarded: ["203.0.113.5"], trusted: ["10.0.0.1"], expected: nil),
    ])
    func clientAddressIsTheRightmostUntrustedHop(_ example: Case) {
        #expect(ClientAddress.resolve(peer: example.peer, forwardedFor: example.forwarded,
                                      trustedProxies: example.trusted) == example.expected)
    }

    @Test("limits count an IPv6 address by its /64 and an IPv4 one as it is", arguments: [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:DB8:0001:0002:0:0:0:9", "2001:db8:1:2::/64"),
        ("::1", "0:0:0:0::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("not an address", "not an address"),
    ])
    func limitKeys(address: String, key: String) {
        #expect(ClientAddress.limitKey(address) == key)
    }

    /// Three readers (three client keys) push one comment each through a
    /// proxy on loopback; the address limit is 2. Each push's outcome:
    /// "stored", "limited" (SPEC.md §10.2 `RATE_LIMITED`) or the status.
    static func statuses(trusting proxies: Set<String>, forwarded: [String]) async throws -> [String] {
        var configuration = HTTPServerConfiguration()
        configuration.commentsPerAddress = 2
        configuration.trustedProxies = proxies
        let harness = try await HTTPHarness.make(configuration: configuration)
        return try await Application(router: harness.router).test(.live) { client in
            var result: [String] = []
            for (index, address) in forwarded.enumerated() {
                let seed = UInt8(index + 1)
                let request = Fixtures.push(
                    client: Fixtures.clientKey(seed), [Fixtures.submission(key: Fixtures.key(seed), articleID: 1001)])
                var headers = HTTPHarness.frameHeaders()
                if let name = HTTPFields.Element.Name("X-Forwarded-For") { headers[name] = address }
                result.append(try await client.execute(
                    uri: "/v2/push", method: .post, headers: headers, body: try HTTPHarness.frame(request)
                ) { response in
                    guard response.status == .ok else { return "\(response.status.code)" }
                    let reply = try HTTPHarness.decode(WirePushResponse.self, response.body)
                    return reply.results.first?.rejected.reason == .rateLimited ? "limited" : "stored"
                })
            }
            return result
        }
    }

    @Test func readersBehindATrustedProxyAreCountedByTheirOwnAddress() async throws {
        let distinct = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        #expect(try await Self.statuses(trusting: ["127.0.0.1"], forwarded: distinct) == ["stored", "stored", "stored"])
        let same = ["203.0.113.9", "203.0.113.9", "203.0.113.9"]
        #expect(try await Self.statuses(trusting: ["127.0.0.1"], forwarded: same) == ["stored", "stored", "limited"])
    }

    @Test func forwardedForFromAnUntrustedPeerIsIgnored() async throws {
        let distinct = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        #expect(try await Self.statuses(trusting: [], forwarded: distinct) == ["stored", "stored", "limited"])
    }
}
