import FolioClient
import Synchronization

/// A clock that tests move by hand: `sleep(until:)` returns at once and
/// moves the time to the deadline, so backoffs are observable but cost nothing.
final class ManualClock: SyncClock {
    private let state = Mutex<(now: Int64, sleeps: [Int64])>((1_780_000_000_000, []))
    private let advancesOnSleep: Bool

    /// - parameter advancesOnSleep: whether a sleep moves the time to its
    ///   deadline; when false, time moves only by ``advance(by:)``.
    init(advancesOnSleep: Bool = true) {
        self.advancesOnSleep = advancesOnSleep
    }

    func now() -> Int64 { state.withLock { $0.now } }

    func sleep(until deadline: Int64) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(deadline - state.now)
            if advancesOnSleep { state.now = max(state.now, deadline) }
        }
        await Task.yield()
    }

    func advance(by milliseconds: Int64) { state.withLock { $0.now += milliseconds } }

    /// The length of every sleep so far, in milliseconds.
    var sleeps: [Int64] { state.withLock { $0.sleeps } }
}
