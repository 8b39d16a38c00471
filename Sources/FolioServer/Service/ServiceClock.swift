/// The clock long polls measure and wait on, type-erased so that tests can
/// inject their own `Clock`.
public struct ServiceClock: Sendable {
    let timer: @Sendable (Duration) -> @Sendable () -> Duration
    let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps any clock measured in `Duration`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        timer = { wait in
            let deadline = clock.now.advanced(by: wait)
            return { clock.now.duration(to: deadline) }
        }
        sleep = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// The system's continuous clock.
    public static let continuous = ServiceClock(ContinuousClock())
}
