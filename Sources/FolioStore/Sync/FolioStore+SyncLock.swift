import Foundation
import Synchronization

extension FolioStore {
    /// Takes the right to sync this store, or returns `nil` when another sync
    /// (in this process or another) holds it.
    ///
    /// - throws: `database` when the lock file cannot be opened.
    public func tryLockForSync() throws -> SyncLock? {
        guard let path else {
            let taken = inMemorySyncFlag.withLock { busy in
                defer { busy = true }
                return !busy
            }
            return taken ? SyncLock { [self] in inMemorySyncFlag.withLock { $0 = false } } : nil
        }
        let descriptor = open(path + ".sync-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FolioStoreError(.database, "cannot open the sync lock file (errno \(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return SyncLock {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
