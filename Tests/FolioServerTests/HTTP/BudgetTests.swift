@testable import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// SPEC.md §5.4: request budgets per client address and per client key.
@Suite("HTTP: request budgets")
struct BudgetTests {
    static let folioError = HTTPFields.Element.Name("Folio-Error") ?? .via
    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For") ?? .via

    static func checksumRequest() throws -> ByteBuffer {
        try HTTPHarness.frame(WireChecksumRequest())
    }

    @Test("the 31st checksum request from one address in a window gets 429, E505 and Retry-After")
    func checksumBudgetPerAddress() async throws {
        let harness = try await HTTPHarness.make()
        try await Application(router: harness.router).test(.live) { client in
            for _ in 1...30 {
                let status = try await client.execute(
                    uri: "/v2/checksums", method: .post, headers: HTTPHarness.frameHeaders(),
                    body: try Self.checksumRequest()) { $0.status.code }
                #expect(status == 200)
            }
            try await client.execute(
                uri: "/v2/checksums", method: .post, headers: HTTPHarness.frameHeaders(), body: try Self.checksumRequest()
            ) { response in
                #expect(response.status.code == 429)
                #expect(response.headers[Self.folioError] == "505")
                let retryAfter = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...60).contains(retryAfter))
                let error = try HTTPHarness.decode(WireErrorResponse.self, response.body)
                #expect(error.code == 505 && Int(error.retryAfterSeconds) == retryAfter)
            }
        }
    }

    @Test("a client key over its pull budget is refused from another address too")
    func clientKeyBudget() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.pullsPerMinute = 3
        configuration.trustedProxies = ["127.0.0.1"]
        let harness = try await HTTPHarness.make(configuration: configuration)
        let statuses = try await Application(router: harness.router).test(.live) { client in
            var statuses: [Int] = []
            for (index, seed) in [UInt8(1), 1, 1, 1, 2].enumerated() {
                var headers = HTTPHarness.frameHeaders()
                headers[Self.forwardedFor] = "203.0.113.\(index + 1)"
                let body = try HTTPHarness.frame(Fixtures.pull(client: Fixtures.clientKey(seed)))
                statuses.append(try await client.execute(uri: "/v2/pull", method: .post, headers: headers, body: body) {
                    $0.status.code
                })
            }
            return statuses
        }
        #expect(statuses == [200, 200, 200, 429, 200])
    }

    @Test("a normal sync never meets the budgets: bootstrap, catch-up, full comparison and repair, a minute of polls")
    func normalSync() async throws {
        let harness = try await HTTPHarness.make()
        let key = Fixtures.clientKey(9)
        let statuses = try await Application(router: harness.router).test(.live) { client in
            var statuses: [Int] = []
            let manifest = try await client.execute(uri: "/v2/snapshots/latest", method: .get) { response in
                statuses.append(response.status.code)
                return try HTTPHarness.decode(WireSnapshotManifest.self, response.body)
            }
            for part in manifest.parts {
                statuses.append(try await client.execute(uri: "/v2/snapshots/\(part.path)", method: .get) { $0.status.code })
            }
            var cursor = manifest.cursor
            for _ in 0..<120 {
                let page = try await client.execute(
                    uri: "/v2/pull", method: .post, headers: HTTPHarness.frameHeaders(),
                    body: try HTTPHarness.frame(Fixtures.pull(cursor: cursor, client: key))
                ) { response in
                    statuses.append(response.status.code)
                    return try HTTPHarness.decode(WirePullResponse.self, response.body)
                }
                cursor = page.cursor
            }
            let checksums = try await client.execute(
                uri: "/v2/checksums", method: .post, headers: HTTPHarness.frameHeaders(), body: try Self.checksumRequest()
            ) { response in
                statuses.append(response.status.code)
                return try HTTPHarness.decode(WireChecksumResponse.self, response.body)
            }
            for bucket in checksums.buckets {
                var repair = WireRepairRequest()
                repair.clientKey = Data(key)
                var range = WireIdRange()
                range.first = bucket.bucket * Int64(checksums.bucketWidth)
                range.last = range.first + Int64(checksums.bucketWidth) - 1
                repair.ranges = [range]
                for _ in 0..<100 {
                    let more = try await client.execute(
                        uri: "/v2/repair", method: .post, headers: HTTPHarness.frameHeaders(),
                        body: try HTTPHarness.frame(repair)
                    ) { response in
                        statuses.append(response.status.code)
                        return try HTTPHarness.decode(WireRepairResponse.self, response.body).moreAvailable
                    }
                    if !more { break }
                }
            }
            return statuses
        }
        #expect(statuses.count > 120)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test("the limiter forgets keys beyond its cap and never refuses a newcomer for lack of room")
    func limiterMemoryIsBounded() async {
        let limiter = RateLimiter(limit: 1, window: .seconds(60), maxKeys: 100)
        for index in 0..<1_000 {
            #expect(await limiter.take(1, for: "address \(index)") == nil)
        }
        #expect(await limiter.trackedKeys <= 100)
        #expect(await limiter.take(1, for: "address 999") != nil)
    }
}
