import Foundation

/// The engine's source of time, injected so that tests never sleep.
public protocol SyncClock: Sendable {
    /// The current time in Unix milliseconds.
    func now() -> Int64
    /// Suspends until `deadline` (Unix milliseconds); throws on cancellation.
    func sleep(until deadline: Int64) async throws
}

/// The wall clock.
public struct SystemSyncClock: SyncClock {
    /// Creates the wall clock.
    public init() {}

    /// The current time in Unix milliseconds.
    public func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Sleeps until `deadline`.
    public func sleep(until deadline: Int64) async throws {
        let delay = deadline - now()
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
    }
}
