import FolioWire

/// The download lane's decisions, without I/O (SPEC.md §14.1): what to do next after each outcome. An actor performs the
/// actions and feeds back their outcomes; time comes in as values, so tests
/// drive the machine with a mock clock and never sleep.
///
/// Invariants the machine keeps:
/// - it never moves the cursor: the store commits each page with its cursor,
///   so the cursor never runs ahead of applied data;
/// - a checksum mismatch leads to comparing bucket sums and repairing only the
///   ranges that differ, at most ``Configuration/maxRepairRounds`` times;
/// - a cursor the server did not issue, of another server epoch (the server
///   was restored from a backup), or older than the tombstone horizon leads to
///   a full comparison of bucket checksums and a repair of what differs
///   (SPEC.md §7.1): the archive is never downloaded again, and the outbox is
///   never touched;
/// - transient failures (SPEC.md §12.4) back off exponentially, with full
///   jitter, and honour the server's Retry-After (SPEC.md §12.3);
/// - fatal failures (a server that no longer speaks the client's version,
///   E103, E509, E602) block the lane: ``Phase/blocked``.
///
/// ```swift
/// var machine = PullMachine(configuration: .init(watch: false))
/// var action = machine.start(hasCursor: false)      // .bootstrap
/// action = machine.bootstrapped()                   // .pull(waitSeconds: 0)
/// action = machine.pageApplied(moreAvailable: false, checkpointMatches: true)   // .finish
/// ```
public struct PullMachine: Sendable, Hashable {
    /// How the machine behaves.
    public struct Configuration: Sendable, Hashable {
        /// Keep pulling with long-polls once caught up, instead of finishing.
        public var watch: Bool
        /// The long-poll wait the client asks for, in seconds.
        public var longPollSeconds: UInt32
        /// The backoff between failed attempts.
        public var backoff: Backoff
        /// How many consecutive transient failures end a non-watching sync
        /// with an error. A watching sync retries without end.
        public var maxFailures: Int
        /// How many repair rounds may follow one checksum mismatch.
        public var maxRepairRounds: Int

        /// Creates a configuration.
        public init(watch: Bool = false, longPollSeconds: UInt32 = 25, backoff: Backoff = Backoff(),
                    maxFailures: Int = 4, maxRepairRounds: Int = 3) {
            self.watch = watch
            self.longPollSeconds = longPollSeconds
            self.backoff = backoff
            self.maxFailures = max(1, maxFailures)
            self.maxRepairRounds = max(1, maxRepairRounds)
        }
    }

    /// What the driver does next.
    public enum Action: Sendable, Hashable {
        /// The store is empty, or its subscription needs languages whose
        /// snapshot parts it does not hold: fetch those parts of the
        /// bootstrap snapshot, then report ``bootstrapped(checkpointMatches:)``.
        case bootstrap
        /// Pull the next page from the stored cursor, waiting at most this long
        /// for news, then report ``pageApplied(moreAvailable:checkpointMatches:)``.
        case pull(waitSeconds: UInt32)
        /// Fetch the server's bucket sums at the stored cursor and compare them
        /// with the store's, then report ``checksumsCompared(differing:)``.
        case compareChecksums
        /// Fetch the server's bucket sums at its current cursor (an empty
        /// cursor in the request), compare them, repair with that cursor, and
        /// report ``checksumsCompared(differing:)`` (SPEC.md §7.1).
        case fullComparison
        /// Re-fetch these id ranges whole, response by response, until every
        /// range is settled (SPEC.md §7.4), then report ``repaired(checkpointMatches:)``.
        case repair([ClosedRange<Int64>])
        /// Wait until this time (Unix milliseconds), then call ``timerFired()``.
        case sleep(until: Int64)
        /// Caught up: the sync is complete.
        case finish
        /// The sync failed for good.
        case fail(FolioClientError)
    }

    /// Where the machine stands.
    public enum Phase: String, Sendable, Hashable {
        case idle, bootstrapping, pulling, verifying, repairing, waiting, finished, failed, blocked
    }

    /// The configuration.
    public let configuration: Configuration
    /// Where the machine stands.
    public private(set) var phase: Phase = .idle
    /// Consecutive transient failures.
    public private(set) var failures = 0
    /// Repair rounds since the last matching checkpoint.
    public private(set) var repairRounds = 0
    private var lastAction: Action = .finish
    private var moreAvailable = false

    /// Creates a machine.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Starts a sync: bootstrap an empty store, or pull from its cursor.
    ///
    /// - parameter lacksLanguages: the subscription carries languages whose
    ///   snapshot parts the store does not hold (it was widened, SPEC.md
    ///   §6.4): a store with a cursor fetches those parts first.
    public mutating func start(hasCursor: Bool, lacksLanguages: Bool = false) -> Action {
        failures = 0
        repairRounds = 0
        return hasCursor && !lacksLanguages ? emit(.pull(waitSeconds: 0), .pulling) : emit(.bootstrap, .bootstrapping)
    }

    /// The bootstrap snapshot is applied, with its cursor.
    ///
    /// - parameter checkpointMatches: the store's checksum equals the
    ///   manifest's checkpoint; otherwise the client repairs before pulling
    ///   (SPEC.md §11).
    public mutating func bootstrapped(checkpointMatches: Bool = true) -> Action {
        failures = 0
        guard checkpointMatches else { return emit(.compareChecksums, .verifying) }
        return emit(.pull(waitSeconds: 0), .pulling)
    }

    /// A page is applied, with its cursor.
    ///
    /// - parameters:
    ///   - moreAvailable: the server said more pages wait.
    ///   - checkpointMatches: the store's checksum equals the page's checkpoint.
    public mutating func pageApplied(moreAvailable: Bool, checkpointMatches: Bool) -> Action {
        failures = 0
        self.moreAvailable = moreAvailable
        guard checkpointMatches else { return emit(.compareChecksums, .verifying) }
        repairRounds = 0
        return next()
    }

    /// The bucket sums are compared.
    ///
    /// - parameter differing: the id ranges whose sums differ; empty when all match.
    public mutating func checksumsCompared(differing: [ClosedRange<Int64>]) -> Action {
        failures = 0
        guard !differing.isEmpty else {
            repairRounds = 0
            return next()
        }
        guard repairRounds < configuration.maxRepairRounds else {
            return emit(.fail(FolioClientError(.checksumMismatch,
                "the archive still differs from the server's after \(repairRounds) repairs")), .failed)
        }
        repairRounds += 1
        return emit(.repair(differing), .repairing)
    }

    /// The repaired ranges are applied.
    public mutating func repaired(checkpointMatches: Bool) -> Action {
        failures = 0
        guard checkpointMatches else { return emit(.compareChecksums, .verifying) }
        repairRounds = 0
        return next()
    }

    /// The last action failed.
    ///
    /// - parameters:
    ///   - failure: how it failed.
    ///   - now: the current time in Unix milliseconds.
    ///   - random: a number in 0..<1 for the backoff's jitter.
    public mutating func failed(_ failure: TransportFailure, now: Int64, random: Double) -> Action {
        if case .server(_, let code?, _) = failure {
            switch FolioWireError.Code(rawValue: Int(code)) {
            case .cursorMalformed, .cursorEpochMismatch, .cursorExpired:
                return emit(.fullComparison, .verifying)
            default:
                break
            }
        }
        // SPEC.md §12.4: a fatal failure stops both lanes until the app changes.
        if failure.isFatal { return emit(.fail(failure.clientError), .blocked) }
        guard failure.isTransient else { return emit(.fail(failure.clientError), .failed) }
        failures += 1
        if !configuration.watch && failures >= configuration.maxFailures {
            return emit(.fail(failure.clientError), .failed)
        }
        let delay = max(failure.retryAfterMilliseconds ?? 0,
                        configuration.backoff.delay(afterFailures: failures, random: random))
        phase = .waiting
        return .sleep(until: now + delay)
    }

    /// The wait of a ``Action/sleep(until:)`` is over: retry what failed.
    public mutating func timerFired() -> Action {
        guard phase == .waiting else { return lastAction }
        switch lastAction {
        case .bootstrap: phase = .bootstrapping
        case .pull: phase = .pulling
        case .compareChecksums, .fullComparison: phase = .verifying
        case .repair: phase = .repairing
        default: break
        }
        return lastAction
    }

    private mutating func next() -> Action {
        if moreAvailable { return emit(.pull(waitSeconds: 0), .pulling) }
        if configuration.watch { return emit(.pull(waitSeconds: configuration.longPollSeconds), .pulling) }
        return emit(.finish, .finished)
    }

    private mutating func emit(_ action: Action, _ phase: Phase) -> Action {
        self.phase = phase
        lastAction = action
        return action
    }
}
