import FolioStore
import FolioWire
import Foundation

/// The upload lane (SPEC.md §14.2): sends due outbox comments and records
/// each one's result. It never waits for the download lane, nor it for this.
struct UploadLane: Sendable {
    let store: FolioStore
    let transport: any SyncTransport
    let clock: any SyncClock
    let random: @Sendable () -> Double
    let clientKey: Data
    let planner: PushPlanner
    /// The batch size to start with: the engine keeps the last one, so that a
    /// rate-limited client stays under the server's limit on its next sync.
    let initialBatchSize: Int
    let watch: Bool
    /// How often a watching lane looks for comments queued by another process.
    let idlePollMilliseconds: Int64
    /// Closed by either lane on a fatal failure (SPEC.md §12.4).
    let gate: LaneGate
    let emit: @Sendable (SyncEvent) -> Void

    struct Outcome: Sendable {
        var accepted = 0
        var rejected = 0
        var batchSize: Int
    }

    /// Sends due comments until none are due (or, when watching, until
    /// cancelled).
    ///
    /// - throws: ``FolioClientError`` for a fatal failure (SPEC.md §12.4): a
    ///   push refused with E501, E103 or E509, or a store failure; the gate
    ///   is then closed.
    func run() async throws -> Outcome {
        do {
            return try await send()
        } catch let error as FolioClientError {
            gate.block(error)
            throw error
        }
    }

    private func send() async throws -> Outcome {
        // Halved after each 429, so a batch larger than the server's rate
        // limit can still pass (SPEC.md §12, E505); doubles back on success.
        var batchSize = min(max(1, initialBatchSize), planner.batchSize)
        var outcome = Outcome(batchSize: batchSize)
        while !Task.isCancelled, gate.blocked == nil {
            let now = clock.now()
            let due = try storeCall { try store.dueComments(now: now, limit: batchSize) }
            if due.isEmpty {
                guard watch else { break }
                let next = try storeCall { try store.nextOutboxAttempt() } ?? Int64.max
                try await clock.sleep(until: min(next, now + idlePollMilliseconds))
                continue
            }
            // The download lane may have been stopped while this one slept.
            guard gate.blocked == nil else { break }
            let keys = due.map(\.key)
            try storeCall { try store.markSending(keys, now: now) }
            let sent = try storeCall { try keys.compactMap { try store.outboxComment(key: $0) } }
            let result: Result<WirePushResponse, TransportFailure>
            do {
                result = .success(try await transport.push(planner.request(for: sent, clientKey: clientKey)))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                result = .failure(transportFailure(error))
            }
            switch result {
            case .failure(.server(429, _, _)): batchSize = max(1, batchSize / 2)
            case .failure(let failure) where failure.isTooLarge: batchSize = max(1, batchSize / 2)
            case .success: batchSize = min(planner.batchSize, batchSize * 2)
            default: break
            }
            outcome.batchSize = batchSize
            let results = planner.results(for: sent, outcome: result, now: clock.now(), random: random)
            try storeCall { try store.recordPushResults(results, now: clock.now()) }
            if case .failure(let failure) = result, failure.isFatal {
                // Nothing more is sent: the comments stay queued (SPEC.md §5.3, §12.4).
                gate.block(failure.clientError)
                throw failure.clientError
            }
            var accepted = 0
            var rejected = 0
            for entry in results {
                switch entry {
                case .accepted: accepted += 1
                case .rejected: rejected += 1
                case .retry: break
                }
            }
            outcome.accepted += accepted
            outcome.rejected += rejected
            let waiting = try storeCall { try store.outbox(states: [.queued, .sending]).count }
            emit(.pushed(accepted: accepted, rejected: rejected, waiting: waiting))
        }
        return outcome
    }
}
