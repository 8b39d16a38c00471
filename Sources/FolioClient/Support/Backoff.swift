/// Capped, jittered, exponential backoff (SPEC.md §12.3).
///
/// The delay before attempt `n + 1`, after `n` failed attempts, is
/// `min(cap, base × 2^(n−1)) × j` where `j` is drawn uniformly from
/// ``jitter``. Jitter spreads the retries of many clients that lost the
/// network at the same moment.
///
/// ```swift
/// let backoff = Backoff()                        // 1 s doubling to 15 min, full jitter
/// backoff.delay(afterFailures: 3, random: 0.5)   // 2_000
/// ```
public struct Backoff: Sendable, Hashable {
    /// The delay after the first failure, before jitter, in milliseconds.
    public var baseMilliseconds: Int64
    /// The largest delay before jitter, in milliseconds.
    public var capMilliseconds: Int64
    /// The factor range the delay is scaled by.
    public var jitter: ClosedRange<Double>

    /// Creates a policy.
    ///
    /// - precondition: `base` and `cap` are positive, `base <= cap`, and the
    ///   jitter range lies within 0…1; out-of-range values are clamped.
    public init(baseMilliseconds: Int64 = 1_000, capMilliseconds: Int64 = 900_000, jitter: ClosedRange<Double> = 0.0...1.0) {
        self.baseMilliseconds = max(1, baseMilliseconds)
        self.capMilliseconds = max(self.baseMilliseconds, capMilliseconds)
        self.jitter = max(0, jitter.lowerBound)...min(1, max(jitter.upperBound, max(0, jitter.lowerBound)))
    }

    /// The delay after `failures` failed attempts, in milliseconds.
    ///
    /// - parameters:
    ///   - failures: how many attempts failed so far; 0 gives no delay.
    ///   - random: a number in 0..<1 that picks the jitter factor.
    public func delay(afterFailures failures: Int, random: Double) -> Int64 {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 40)
        let (scaled, overflow) = baseMilliseconds.multipliedReportingOverflow(by: Int64(1) << exponent)
        let capped = overflow ? capMilliseconds : min(capMilliseconds, scaled)
        let unit = min(max(random, 0), 1)
        let factor = jitter.lowerBound + (jitter.upperBound - jitter.lowerBound) * unit
        return max(1, Int64((Double(capped) * factor).rounded()))
    }
}
