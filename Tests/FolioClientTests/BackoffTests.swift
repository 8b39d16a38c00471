import Testing
@testable import FolioClient

@Suite struct BackoffTests {
    static let policy = Backoff(baseMilliseconds: 1_000, capMilliseconds: 60_000, jitter: 0.5...1.0)

    @Test(arguments: [
        (0, 0.0, 0), (1, 1.0, 1_000), (2, 1.0, 2_000), (3, 1.0, 4_000), (6, 1.0, 32_000),
        (7, 1.0, 60_000), (50, 1.0, 60_000), (Int.max, 1.0, 60_000),
        (1, 0.0, 500), (3, 0.0, 2_000), (3, 0.5, 3_000), (7, 0.0, 30_000),
    ] as [(Int, Double, Int64)])
    func delayDoublesUpToTheCapWithJitter(failures: Int, random: Double, expected: Int64) {
        #expect(Self.policy.delay(afterFailures: failures, random: random) == expected)
    }

    @Test func delayNeverExceedsTheCapOrFallsBelowHalfOfIt() {
        var generator = SystemRandomNumberGenerator()
        for failures in 1...80 {
            let delay = Self.policy.delay(afterFailures: failures, random: Double.random(in: 0..<1, using: &generator))
            #expect(delay >= 1 && delay <= 60_000)
            if failures >= 7 { #expect(delay >= 30_000) }
        }
    }

    @Test func outOfRangeSettingsAreClamped() {
        let policy = Backoff(baseMilliseconds: -5, capMilliseconds: -10, jitter: -1...3)
        #expect(policy.baseMilliseconds == 1)
        #expect(policy.capMilliseconds == 1)
        #expect(policy.jitter == 0...1)
        #expect(policy.delay(afterFailures: 3, random: 2) == 1)
    }
}
