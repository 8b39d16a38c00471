import Synchronization

/// What the two lanes of one sync share: whether a fatal failure (SPEC.md
/// §12.4) has stopped the sync. Once closed, neither lane sends anything
/// more, pushes included; the engine reports the failure that closed it.
final class LaneGate: Sendable {
    private let failure = Mutex<FolioClientError?>(nil)

    /// The failure that stopped the sync, or `nil` while both lanes may run.
    var blocked: FolioClientError? {
        failure.withLock { $0 }
    }

    /// Stops both lanes; the first failure is kept.
    func block(_ error: FolioClientError) {
        failure.withLock { current in
            if current == nil { current = error }
        }
    }
}
