import FolioServer
import Testing

@Suite("ISO-8601 timestamps")
struct TimestampTests {
    @Test("parses UTC times into Unix milliseconds", arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-01-05T07:30:00Z", Int64(1_767_598_200_000)),
        ("2026-01-05T07:30:00.25Z", Int64(1_767_598_200_250)),
        ("2026-01-05T09:30:00+02:00", Int64(1_767_598_200_000)),
        ("2024-02-29T23:59:59.999Z", Int64(1_709_251_199_999)),
        ("1969-12-31T23:59:59Z", Int64(-1_000)),
    ])
    func parses(text: String, millis: Int64) {
        #expect(Timestamp.milliseconds(fromISO8601: text) == millis)
    }

    @Test("rejects malformed times", arguments: [
        "", "2026-01-05", "2026-13-05T07:30:00Z", "2026-02-30T07:30:00Z", "2026-01-05T24:00:00Z",
        "2026-01-05T07:30:00", "2026-01-05T07:30:00.Z", "2026-01-05 07:30:00Z", "2026-01-05T07:30:00Zjunk",
        "2026-01-05T07:30:00.1234567890Z",
        // Years 10000 and 0 once the offset is applied: they could not be written back with 4 digits.
        "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+00:01",
    ])
    func rejects(text: String) {
        #expect(Timestamp.milliseconds(fromISO8601: text) == nil)
    }

    @Test("formats and parses back", arguments: [Int64(0), 1_767_598_200_000, 1_767_598_200_250, -86_400_001,
                                                 Timestamp.earliest, Timestamp.latest])
    func roundTrips(millis: Int64) {
        #expect(Timestamp.milliseconds(fromISO8601: Timestamp.iso8601(fromMilliseconds: millis)) == millis)
    }
}
