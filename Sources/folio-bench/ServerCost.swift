import FolioBenchKit
import FolioWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Scenario 7d (issue 10): the server's CPU time per request of the kinds an
/// unauthenticated client can send, read from `/proc/PID/stat` of the real
/// `folio-server` around a run of identical requests. Requests are sent one
/// at a time, so the figure is the server's own work, not queueing.
struct ServerCost {
    /// The request kinds, in the order they are measured.
    static let kinds = ["checksums", "checksums fa", "checksums, each a new subscription", "repair [1, 2^62] fa",
                        "repair matching nothing", "pull at head fa", "pull at head"]

    /// Distinct subscriptions of real tags (languages × regions × topics),
    /// more than the server caches: each request of "checksums, each a new
    /// subscription" sums its matching facets afresh.
    static let freshSubscriptions: [WireSubscription] = {
        var all: [WireSubscription] = []
        for languages in [["en"], ["fa"], ["en", "fa"]] {
            for region in ArchiveGenerator.regions {
                for topic in ArchiveGenerator.topics {
                    var subscription = WireSubscription()
                    subscription.languages = languages
                    subscription.regions = [region]
                    subscription.topics = [topic]
                    all.append(subscription)
                }
            }
        }
        return all
    }()

    let server: String
    let pid: Int32

    /// CPU seconds per request for each kind in ``kinds``: the least of
    /// `rounds` runs over all kinds (the first run also pays for the
    /// server's warm-up: page faults of a memory-mapped database, caches).
    func measure(requestsPerKind: Int, rounds: Int) async throws -> [String: Double] {
        var best: [String: Double] = [:]
        for _ in 0..<max(1, rounds) {
            for (kind, seconds) in try await measure(requestsPerKind: requestsPerKind) {
                best[kind] = min(best[kind] ?? .infinity, seconds)
            }
        }
        return best
    }

    /// CPU seconds per request for each kind in ``kinds``, one run.
    private func measure(requestsPerKind: Int) async throws -> [String: Double] {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let codec = FrameCodec(limits: FrameLimits(maxFrameBytes: 64 << 20, inflate: .default))
        // The head cursor, for pulls that find nothing new.
        let head: WireChecksumResponse = try await exchange(session, codec, FolioProtocol.Path.checksums, WireChecksumRequest())
        var persian = WireSubscription()
        persian.languages = ["fa"]
        var nobody = WireSubscription()
        nobody.languages = ["xx"]
        var everything = WireIdRange()
        everything.first = 1
        everything.last = 1 << 62
        var results: [String: Double] = [:]
        for kind in Self.kinds {
            // One request first, not counted: the steady state is measured
            // (the first filtered request of a process also decodes its
            // facets once); the new-subscription kind measures the rest.
            var before = 0.0
            for index in -1..<requestsPerKind {
                if index == 0 { before = try cpuSeconds() }
                switch kind {
                case "checksums, each a new subscription":
                    var request = WireChecksumRequest()
                    let fresh = Self.freshSubscriptions
                    request.subscription = fresh[(index + 1) % fresh.count]
                    let _: WireChecksumResponse = try await exchange(session, codec, FolioProtocol.Path.checksums, request)
                case "checksums":
                    let _: WireChecksumResponse = try await exchange(session, codec, FolioProtocol.Path.checksums,
                                                                     WireChecksumRequest())
                case "checksums fa":
                    var request = WireChecksumRequest()
                    request.subscription = persian
                    let _: WireChecksumResponse = try await exchange(session, codec, FolioProtocol.Path.checksums, request)
                case "repair [1, 2^62] fa", "repair matching nothing":
                    var request = WireRepairRequest()
                    request.ranges = [everything]
                    request.subscription = kind == "repair matching nothing" ? nobody : persian
                    let _: WireRepairResponse = try await exchange(session, codec, FolioProtocol.Path.repair, request)
                default:
                    var request = WirePullRequest()
                    request.cursor = head.cursor
                    if kind == "pull at head fa" { request.subscription = persian }
                    let _: WirePullResponse = try await exchange(session, codec, FolioProtocol.Path.pull, request)
                }
            }
            results[kind] = (try cpuSeconds() - before) / Double(max(1, requestsPerKind))
        }
        return results
    }

    private func exchange<Request: FrameMessage, Response: FrameMessage>(
        _ session: URLSession, _ codec: FrameCodec, _ path: String, _ message: Request
    ) async throws -> Response {
        guard let url = URL(string: server + path) else { throw BenchError("bad URL \(path)") }
        var request = URLRequest(url: url, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue(FolioProtocol.frameContentType, forHTTPHeaderField: "Content-Type")
        request.setValue("\(FolioProtocol.version)", forHTTPHeaderField: FolioProtocol.versionHeader)
        request.httpBody = Data(try codec.encode(message))
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw BenchError("\(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return try codec.decode(Response.self, fromBody: Array(data))
    }

    /// User and system CPU seconds of the server so far.
    private func cpuSeconds() throws -> Double {
        try Self.cpuSeconds(pid: pid)
    }

    /// User and system CPU seconds of process `pid` so far.
    static func cpuSeconds(pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces) start at ") ".
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
