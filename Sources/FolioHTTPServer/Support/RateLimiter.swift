/// Fixed-window counters per key (a client key hash, an IP address): at most
/// `limit` units per `window`.
///
/// Its memory is bounded: windows that have passed are dropped once per
/// window, and when `maxKeys` keys are tracked, the expired ones go first,
/// then the oldest half (those keys start a fresh window: the limiter errs
/// on the side of letting a request through, never of refusing a newcomer).
actor RateLimiter {
    private struct Entry {
        var start: ContinuousClock.Instant
        var used: Int
    }

    private let limit: Int
    private let window: Duration
    private let maxKeys: Int
    private let clock = ContinuousClock()
    private var windows: [String: Entry] = [:]
    private var lastSweep: ContinuousClock.Instant

    /// A limiter of `limit` units per `window`, tracking at most `maxKeys` keys.
    init(limit: Int, window: Duration, maxKeys: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.maxKeys = max(1, maxKeys)
        lastSweep = clock.now
    }

    /// How many keys are tracked now.
    var trackedKeys: Int { windows.count }

    /// Takes `units` for `key`; nil if allowed, else the seconds until the
    /// key's window resets (at least 1). A refused request takes nothing.
    func take(_ units: Int, for key: String) -> UInt32? {
        let now = clock.now
        if now - lastSweep >= window {
            dropExpired(now)
            lastSweep = now
        }
        if windows[key] == nil, windows.count >= maxKeys { makeRoom(now) }
        var entry = windows[key] ?? Entry(start: now, used: 0)
        if now - entry.start >= window { entry = Entry(start: now, used: 0) }
        guard entry.used + units <= limit else {
            let left = window - (now - entry.start)
            return UInt32(clamping: max(1, left.components.seconds + (left.components.attoseconds > 0 ? 1 : 0)))
        }
        entry.used += units
        windows[key] = entry
        return nil
    }

    /// Returns `units` that `key` took in its current window (a comment
    /// refused by another budget after this one was taken).
    func giveBack(_ units: Int, for key: String) {
        guard var entry = windows[key] else { return }
        entry.used = max(0, entry.used - units)
        windows[key] = entry
    }

    private func dropExpired(_ now: ContinuousClock.Instant) {
        windows = windows.filter { now - $0.value.start < window }
    }

    private func makeRoom(_ now: ContinuousClock.Instant) {
        dropExpired(now)
        guard windows.count >= maxKeys else { return }
        let newest = windows.sorted { $0.value.start > $1.value.start }.prefix(maxKeys / 2)
        windows = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
