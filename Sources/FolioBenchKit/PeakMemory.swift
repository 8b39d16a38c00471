import Foundation

/// Memory figures read from the operating system (Linux `/proc/self/status`).
public enum PeakMemory {
    /// This process's peak resident set size (`VmHWM`) in bytes, or nil where
    /// `/proc` is missing.
    public static func peakResidentBytes() -> Int64? {
        field("VmHWM")
    }

    /// This process's current resident set size (`VmRSS`) in bytes.
    public static func residentBytes() -> Int64? {
        field("VmRSS")
    }

    static func field(_ name: String) -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return parse(text, field: name)
    }

    /// The value of `name:` (in kB) in a `/proc/PID/status` text, in bytes.
    public static func parse(_ status: String, field name: String) -> Int64? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int64(digits).map { $0 * 1_024 }
        }
        return nil
    }
}
