/// Fixed-window counters per key (client key hash, IP address): at most
/// `limit` units per `window`. Old windows are dropped as they pass.
actor RateLimiter {
    private let limit: Int
    private let window: Duration
    private let clock = ContinuousClock()
    private var windows: [String: (start: ContinuousClock.Instant, used: Int)] = [:]

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Takes `units` for `key`; nil if allowed, else the seconds until the window resets.
    func take(_ units: Int, for key: String) -> UInt32? {
        let now = clock.now
        if windows.count > 100_000 { windows = windows.filter { now - $0.value.start < window } }
        var entry = windows[key] ?? (now, 0)
        if now - entry.start >= window { entry = (now, 0) }
        guard entry.used + units <= limit else {
            let left = window - (now - entry.start)
            return UInt32(max(1, left.components.seconds + 1))
        }
        entry.used += units
        windows[key] = entry
        return nil
    }
}
