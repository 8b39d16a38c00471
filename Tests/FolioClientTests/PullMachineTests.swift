import FolioWire
import Testing
@testable import FolioClient

/// The download path's state machine, driven by hand: no I/O, no sleeping;
/// time is a number the test chooses.
@Suite struct PullMachineTests {
    static let backoff = Backoff(baseMilliseconds: 1_000, capMilliseconds: 16_000, jitter: 1...1)

    @Test func emptyStoreBootstrapsThenPullsUntilCaughtUp() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff))
        #expect(machine.start(hasCursor: false) == .bootstrap)
        #expect(machine.phase == .bootstrapping)
        #expect(machine.bootstrapped() == .pull(waitSeconds: 0))
        #expect(machine.pageApplied(moreAvailable: true, checkpointMatches: true) == .pull(waitSeconds: 0))
        #expect(machine.pageApplied(moreAvailable: false, checkpointMatches: true) == .finish)
        #expect(machine.phase == .finished)
    }

    @Test func storeWithCursorPullsAtOnce() {
        var machine = PullMachine()
        #expect(machine.start(hasCursor: true) == .pull(waitSeconds: 0))
        #expect(machine.phase == .pulling)
    }

    @Test func watchingClientLongPollsOnceCaughtUp() {
        var machine = PullMachine(configuration: .init(watch: true, longPollSeconds: 20))
        _ = machine.start(hasCursor: true)
        #expect(machine.pageApplied(moreAvailable: true, checkpointMatches: true) == .pull(waitSeconds: 0))
        #expect(machine.pageApplied(moreAvailable: false, checkpointMatches: true) == .pull(waitSeconds: 20))
        // An empty long-poll answer just polls again.
        #expect(machine.pageApplied(moreAvailable: false, checkpointMatches: true) == .pull(waitSeconds: 20))
    }

    @Test func transientFailuresBackOffAndRetryTheSameAction() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff, maxFailures: 10))
        _ = machine.start(hasCursor: true)
        var now: Int64 = 10_000
        var waits: [Int64] = []
        for _ in 0..<6 {
            guard case .sleep(let until) = machine.failed(.timeout, now: now, random: 0.3) else {
                Issue.record("expected a sleep"); return
            }
            waits.append(until - now)
            #expect(machine.phase == .waiting)
            now = until
            #expect(machine.timerFired() == .pull(waitSeconds: 0))
            #expect(machine.phase == .pulling)
        }
        #expect(waits == [1_000, 2_000, 4_000, 8_000, 16_000, 16_000])
        #expect(machine.pageApplied(moreAvailable: false, checkpointMatches: true) == .finish)
        #expect(machine.failures == 0)
    }

    @Test func retryAfterIsHonoured() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff))
        _ = machine.start(hasCursor: true)
        #expect(machine.failed(.server(status: 429, code: 505, retryAfterSeconds: 40), now: 0, random: 0) == .sleep(until: 40_000))
    }

    @Test func nonWatchingSyncGivesUpAfterMaxFailuresWithTheCause() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff, maxFailures: 3))
        _ = machine.start(hasCursor: true)
        #expect(machine.failed(.unreachable, now: 0, random: 0) == .sleep(until: 1_000))
        _ = machine.timerFired()
        #expect(machine.failed(.unreachable, now: 1_000, random: 0) == .sleep(until: 3_000))
        _ = machine.timerFired()
        #expect(machine.failed(.unreachable, now: 3_000, random: 0) == .fail(FolioClientError(.unreachable, "the server cannot be reached")))
        #expect(machine.phase == .failed)
    }

    @Test func watchingSyncNeverGivesUpOnTransientFailures() {
        var machine = PullMachine(configuration: .init(watch: true, backoff: Self.backoff, maxFailures: 2))
        _ = machine.start(hasCursor: true)
        for step in 0..<50 {
            guard case .sleep = machine.failed(.timeout, now: Int64(step), random: 0) else {
                Issue.record("a watching client gave up"); return
            }
            _ = machine.timerFired()
        }
    }

    @Test(arguments: [(FolioWireError.Code.cursorMalformed, 400), (.cursorEpochMismatch, 409), (.cursorExpired, 410)])
    func epochChangeOrUnknownCursorRepairsWithoutDownloadingAgain(code: FolioWireError.Code, status: Int) {
        var machine = PullMachine()
        _ = machine.start(hasCursor: true)
        #expect(machine.failed(.server(status: status, code: UInt32(code.rawValue), retryAfterSeconds: nil), now: 0, random: 0) == .fullComparison)
        #expect(machine.phase == .verifying)
        #expect(machine.checksumsCompared(differing: [0...1023, 4096...5119]) == .repair([0...1023, 4096...5119]))
        #expect(machine.repaired(checkpointMatches: true) == .finish)
    }

    @Test func unsupportedVersionFailsWithAClearError() {
        var machine = PullMachine()
        _ = machine.start(hasCursor: true)
        let action = machine.failed(.server(status: 426, code: 501, retryAfterSeconds: nil), now: 0, random: 0)
        guard case .fail(let error) = action else { Issue.record("expected a failure"); return }
        #expect(error.code == .unsupportedVersion)
        #expect(machine.phase == .blocked)
    }

    @Test func oneShotSyncGivesUpAfterAFewTransientFailures() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff, maxFailures: 2))
        _ = machine.start(hasCursor: true)
        let failure = TransportFailure.server(status: 400, code: 502, retryAfterSeconds: nil)
        #expect(machine.failed(failure, now: 0, random: 0) == .sleep(until: 1_000))
        _ = machine.timerFired()
        #expect(machine.failed(failure, now: 1_000, random: 0) == .fail(failure.clientError))
        #expect(machine.phase == .failed)
    }

    /// SPEC.md §12.4, class `transient`: a damaged or undecodable answer backs off and retries.
    @Test(arguments: [TransportFailure.malformed("a page names an unknown kind"),
                      .undecodable(code: 102, reason: "not a Folio frame"),
                      .undecodable(code: 109, reason: "CRC-32 differs"),
                      .undecodable(code: 201, reason: "corrupt zlib stream"),
                      .server(status: 400, code: 108, retryAfterSeconds: nil),
                      .server(status: 410, code: 508, retryAfterSeconds: nil),
                      .server(status: 408, code: nil, retryAfterSeconds: nil),
                      .server(status: 400, code: 502, retryAfterSeconds: nil),
                      .server(status: 404, code: 503, retryAfterSeconds: nil)])
    func damagedAnswerBacksOffAndRetries(failure: TransportFailure) {
        var machine = PullMachine(configuration: .init(watch: true, backoff: Self.backoff))
        _ = machine.start(hasCursor: true)
        #expect(machine.failed(failure, now: 0, random: 0) == .sleep(until: 1_000))
        #expect(machine.timerFired() == .pull(waitSeconds: 0))
    }

    /// SPEC.md §12.4, class `fatal`: the lane is blocked, never retried.
    @Test(arguments: [TransportFailure.server(status: 426, code: nil, retryAfterSeconds: nil),
                      .server(status: 400, code: 103, retryAfterSeconds: nil),
                      .server(status: 415, code: 509, retryAfterSeconds: nil),
                      .undecodable(code: 103, reason: "frame version 3"),
                      .undecodable(code: 602, reason: "bucket width 1000")])
    func fatalFailureBlocksTheLane(failure: TransportFailure) {
        var machine = PullMachine(configuration: .init(watch: true))
        _ = machine.start(hasCursor: true)
        guard case .fail = machine.failed(failure, now: 0, random: 0) else {
            Issue.record("expected a failure")
            return
        }
        #expect(machine.phase == .blocked)
    }

    @Test func checksumMismatchRepairsOnlyDifferingRanges() {
        var machine = PullMachine()
        _ = machine.start(hasCursor: true)
        #expect(machine.pageApplied(moreAvailable: true, checkpointMatches: false) == .compareChecksums)
        #expect(machine.phase == .verifying)
        #expect(machine.checksumsCompared(differing: [1024...2047]) == .repair([1024...2047]))
        #expect(machine.phase == .repairing)
        // The repair fixed it: carry on where the page left off (more pages wait).
        #expect(machine.repaired(checkpointMatches: true) == .pull(waitSeconds: 0))
        #expect(machine.repairRounds == 0)
    }

    @Test func repairIsBoundedSoItNeverLoops() {
        var machine = PullMachine(configuration: .init(maxRepairRounds: 3))
        _ = machine.start(hasCursor: true)
        #expect(machine.pageApplied(moreAvailable: false, checkpointMatches: false) == .compareChecksums)
        for _ in 0..<3 {
            #expect(machine.checksumsCompared(differing: [0...1023]) == .repair([0...1023]))
            #expect(machine.repaired(checkpointMatches: false) == .compareChecksums)
        }
        let action = machine.checksumsCompared(differing: [0...1023])
        guard case .fail(let error) = action else { Issue.record("expected a failure"); return }
        #expect(error.code == .checksumMismatch)
    }

    @Test func failureDuringRepairRetriesTheRepair() {
        var machine = PullMachine(configuration: .init(backoff: Self.backoff))
        _ = machine.start(hasCursor: true)
        _ = machine.pageApplied(moreAvailable: false, checkpointMatches: false)
        _ = machine.checksumsCompared(differing: [5...9])
        #expect(machine.failed(.timeout, now: 100, random: 0) == .sleep(until: 1_100))
        #expect(machine.timerFired() == .repair([5...9]))
        #expect(machine.phase == .repairing)
    }

    @Test func mismatchThatResolvesItselfContinues() {
        var machine = PullMachine()
        _ = machine.start(hasCursor: true)
        _ = machine.pageApplied(moreAvailable: false, checkpointMatches: false)
        #expect(machine.checksumsCompared(differing: []) == .finish)
    }
}
