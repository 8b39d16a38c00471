import Foundation
import Synchronization

/// Proof that this process holds the right to sync a store: at most one sync
/// runs per store at a time, across processes.
///
/// For a store on disk it is an exclusive `flock` on `<store>.sync-lock`,
/// released by ``release()``, on deinit, or by the system when the process
/// dies, so a killed sync never leaves a stale lock. An in-memory store uses a
/// flag of the store.
public final class SyncLock: Sendable {
    private let onRelease: @Sendable () -> Void
    private let released = Mutex(false)

    init(onRelease: @escaping @Sendable () -> Void) {
        self.onRelease = onRelease
    }

    /// Gives the right to sync back. Releasing twice does nothing.
    public func release() {
        let first = released.withLock { wasReleased in
            defer { wasReleased = true }
            return !wasReleased
        }
        if first { onRelease() }
    }

    deinit {
        release()
    }
}
