import Crypto
import FolioClient
import FolioWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The client's HTTP transport (SPEC.md §5), on URLSession, so that the client
/// never links NIO.
///
/// It sends each request as one uncompressed frame with `Folio-Protocol: 2`
/// to the `/v2/` paths of ``FolioProtocol/Path``,
/// decodes each response frame within the limits of SPEC.md §9.3, fetches the
/// server's preset dictionaries once (verifying their Adler-32) and names them
/// in every pull, and turns failures into ``TransportFailure``: a timeout is
/// "outcome unknown", a refused connection is "unreachable", and an error
/// response carries its SPEC.md §12 code and Retry-After. A 426 answer (a
/// server that no longer speaks this version) is read with the frozen
/// version 1 header (SPEC.md §5.3) and reported as E501.
///
/// ```swift
/// let transport = URLSessionTransport(baseURL: serverURL)   // e.g. https://sync.example.org
/// let engine = SyncEngine(store: store, transport: transport)
/// ```
public actor URLSessionTransport: SyncTransport {
    /// The server's base address; paths start with `/v2/`.
    public nonisolated let baseURL: URL
    private let session: URLSession
    let timeout: TimeInterval
    var codec = FrameCodec()
    private var dictionariesLoaded = false
    private var received: Int64 = 0
    let dictionaryCache: (any DictionaryCache)?

    /// Creates a transport.
    ///
    /// - parameters:
    ///   - baseURL: the server, such as `http://127.0.0.1:8080`.
    ///   - timeout: how long a request may go unanswered, in seconds; a long
    ///     poll adds its wait to this (SPEC.md §6.3).
    ///   - dictionaryCache: where preset dictionaries are kept between runs
    ///     (pass the client's ``FolioStore``); `nil` downloads them once per
    ///     transport.
    public init(baseURL: URL, timeout: TimeInterval = 30, dictionaryCache: (any DictionaryCache)? = nil) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.dictionaryCache = dictionaryCache
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout + 320
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    /// The response bytes received so far.
    public func bytesReceived() async -> Int64 { received }

    /// `GET /v2/info`.
    public func info() async throws -> WireServerInfo {
        let (data, _) = try await send(path: FolioProtocol.Path.info, body: nil, timeout: timeout)
        return try decode(WireServerInfo.self, data)
    }

    /// `POST /v2/pull`, naming the dictionaries this transport holds.
    public func pull(_ request: WirePullRequest) async throws -> WirePullResponse {
        try await loadDictionaries()
        var request = request
        request.dictionaries = codec.dictionaries.keys.sorted()
        return try await call(FolioProtocol.Path.pull, request, WirePullResponse.self, timeout: timeout + Double(request.waitSeconds) + 15)
    }

    /// `POST /v2/push`.
    public func push(_ request: WirePushRequest) async throws -> WirePushResponse {
        try await call(FolioProtocol.Path.push, request, WirePushResponse.self, timeout: timeout)
    }

    /// `POST /v2/checksums`.
    public func checksums(_ request: WireChecksumRequest) async throws -> WireChecksumResponse {
        try await call(FolioProtocol.Path.checksums, request, WireChecksumResponse.self, timeout: timeout)
    }

    /// `POST /v2/repair`.
    public func repair(_ request: WireRepairRequest) async throws -> WireRepairResponse {
        try await call(FolioProtocol.Path.repair, request, WireRepairResponse.self, timeout: timeout)
    }

    /// `GET /v2/snapshots/latest`; `nil` when the server offers none.
    public func snapshotManifest() async throws -> WireSnapshotManifest? {
        do {
            let (data, _) = try await send(path: FolioProtocol.Path.snapshotManifest, body: nil, timeout: timeout)
            return try decode(WireSnapshotManifest.self, data)
        } catch TransportFailure.server(let status, _, _) where status == 404 {
            return nil
        }
    }

    /// Fetches `ServerInfo` and every dictionary it lists, once (SPEC.md §9.2).
    /// A dictionary that fails its Adler-32 check is left out, so the server
    /// answers without it.
    func loadDictionaries() async throws {
        guard !dictionariesLoaded else { return }
        let info = try await info()
        var dictionaries: [PresetDictionary] = []
        for entry in info.dictionaries {
            // A kept copy is used when its Adler-32 still matches the id.
            if let kept = try? dictionaryCache?.cachedDictionary(id: entry.id),
               let dictionary = try? PresetDictionary(bytes: Array(kept), language: entry.language,
                                                      version: entry.version, expectedID: entry.id) {
                dictionaries.append(dictionary)
                continue
            }
            let (data, _) = try await send(path: FolioProtocol.Path.dictionary(id: entry.id), body: nil, timeout: timeout)
            if let dictionary = try? PresetDictionary(bytes: Array(data), language: entry.language,
                                                      version: entry.version, expectedID: entry.id) {
                dictionaries.append(dictionary)
                // Failing to keep it only means downloading it again next time.
                try? dictionaryCache?.cacheDictionary(id: entry.id, language: entry.language,
                                                      version: Int(entry.version), bytes: data)
            }
        }
        codec = FrameCodec(dictionaries: dictionaries)
        dictionariesLoaded = true
    }

    private func call<Request: FrameMessage, Response: FrameMessage>(
        _ path: String, _ request: Request, _ type: Response.Type, timeout: TimeInterval
    ) async throws -> Response {
        let body: [UInt8]
        do {
            body = try codec.encode(request)
        } catch {
            throw TransportFailure.malformed("the request cannot be encoded: \(error)")
        }
        let (data, _) = try await send(path: path, body: Data(body), timeout: timeout)
        return try decode(type, data)
    }

    private func decode<Response: FrameMessage>(_ type: Response.Type, _ data: Data) throws -> Response {
        do {
            return try codec.decode(type, fromBody: Array(data))
        } catch let error as FolioWireError {
            if error.code == .dictionaryUnknown || error.code == .dictionaryMismatch { dictionariesLoaded = false }
            throw TransportFailure(error)
        } catch {
            throw TransportFailure.malformed("\(error)")
        }
    }

    /// Sends one request; returns the body of a 2xx answer, or throws the
    /// failure an error answer or the network describes.
    func send(path: String, body: Data?, timeout: TimeInterval,
              headers: [String: String] = [:]) async throws -> (Data, HTTPURLResponse) {
        var url = baseURL
        for component in path.split(separator: "/") { url.appendPathComponent(String(component)) }
        return try await send(url: url, body: body, timeout: timeout, headers: headers)
    }

    private func send(url: URL, body: Data?, timeout: TimeInterval,
                      headers: [String: String]) async throws -> (Data, HTTPURLResponse) {
        var request = URLRequest(url: url)
        request.httpMethod = body == nil ? "GET" : "POST"
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue(String(FolioProtocol.version), forHTTPHeaderField: FolioProtocol.versionHeader)
        request.setValue(FolioProtocol.frameContentType, forHTTPHeaderField: "Accept")
        if let body {
            request.setValue(FolioProtocol.frameContentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await Self.data(for: request, in: session, deadline: timeout + 5)
        } catch let error as URLError {
            switch error.code {
            case .timedOut, .networkConnectionLost:
                throw TransportFailure.timeout
            default:
                throw TransportFailure.unreachable
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportFailure.unreachable
        }
        received += Int64(data.count)
        guard let http = response as? HTTPURLResponse else {
            throw TransportFailure.malformed("the answer is not HTTP")
        }
        guard (200..<300).contains(http.statusCode) else {
            let error = Self.errorResponse(status: http.statusCode, body: data)
            let header = (http.value(forHTTPHeaderField: FolioProtocol.errorHeader)).flatMap { UInt32($0) }
            let retryAfter = error.flatMap { $0.retryAfterSeconds == 0 ? nil : $0.retryAfterSeconds }
                ?? http.value(forHTTPHeaderField: "Retry-After").flatMap { UInt32($0) }
            throw TransportFailure.server(status: http.statusCode, code: error.map(\.code) ?? header,
                                          retryAfterSeconds: retryAfter)
        }
        return (data, http)
    }

    /// The `ErrorResponse` of an error answer, when it carries one. A 426 is
    /// the frozen version 1 answer of SPEC.md §5.3 (16-byte header), the only
    /// version 1 frame this client reads; it always reports E501.
    static func errorResponse(status: Int, body: Data) -> WireErrorResponse? {
        guard status == 426 else {
            return try? FrameCodec().decode(WireErrorResponse.self, fromBody: Array(body))
        }
        var response = (try? Frame.decodeVersion1(Array(body)))
            .flatMap { try? FrameCodec().decode(WireErrorResponse.self, from: $0) } ?? WireErrorResponse()
        response.code = 501
        return response
    }

    /// Runs one data task, and gives up on it `deadline` seconds after it
    /// started (as `URLError.timedOut`) even if URLSession has not: URLSession
    /// on Linux does not always end a task whose connection a peer cut
    /// half-way (seen through a fault-injecting proxy, where a one-shot
    /// `folio sync` then waited for ever). Cancelling the Swift task cancels
    /// the data task.
    static func data(for request: URLRequest, in session: URLSession, deadline: TimeInterval) async throws
        -> (Data, URLResponse)
    {
        let pending = PendingRequest()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.start(continuation)
                let task = session.dataTask(with: request) { data, response, error in
                    // The task has ended: it must not be cancelled any more.
                    if let error {
                        pending.finish(.failure(error), taskEnded: true)
                    } else if let data, let response {
                        pending.finish(.success((data, response)), taskEnded: true)
                    } else {
                        pending.finish(.failure(URLError(.badServerResponse)), taskEnded: true)
                    }
                }
                pending.attach(task)
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + deadline) {
                    pending.finish(.failure(URLError(.timedOut)))
                }
            }
        } onCancel: {
            pending.finish(.failure(CancellationError()))
        }
    }
}

/// One request's continuation, resumed exactly once by whichever comes first:
/// the data task's answer, the deadline or cancellation; the data task is
/// cancelled if it is still running then.
///
/// The answer is handed on, not kept: the deadline's timer holds this object
/// until it fires, and a snapshot part held that long would keep every part
/// of a first sync in memory at once.
///
/// `@unchecked Sendable`: every field is read and written under `lock`.
final class PendingRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
    private var task: URLSessionDataTask?
    private var finished = false
    /// An outcome that came before ``start(_:)`` (cancellation), until then.
    private var early: Result<(Data, URLResponse), any Error>?

    func start(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
        lock.lock()
        if let early {
            self.early = nil
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func attach(_ task: URLSessionDataTask) {
        lock.lock()
        let finished = self.finished
        if !finished { self.task = task }
        lock.unlock()
        if finished { task.cancel() }
    }

    /// Resumes the continuation with `result` unless it was resumed before.
    /// The data task is cancelled unless `taskEnded`: corelibs Foundation's
    /// `URLSessionTask.cancel()` on a task that has just completed can fail
    /// an assertion ("a task that is not in the registry") and crash the
    /// process, so a task that answered is never cancelled.
    func finish(_ result: Result<(Data, URLResponse), any Error>, taskEnded: Bool = false) {
        lock.lock()
        if taskEnded { task = nil }
        guard !finished else {
            lock.unlock()
            return
        }
        finished = true
        let continuation = self.continuation
        if continuation == nil { early = result }
        let task = self.task
        self.continuation = nil
        self.task = nil
        lock.unlock()
        continuation?.resume(with: result)
        task?.cancel()
    }
}
