import CoreMetrics
import Foundation

/// A swift-metrics backend that keeps counters, gauges and timer sums in
/// memory and renders them in the Prometheus text format (version 0.0.4).
///
/// ```swift
/// let registry = PrometheusRegistry()
/// MetricsSystem.bootstrap(registry)
/// Counter(label: "folio_http_requests_total").increment()
/// print(registry.render())
/// ```
///
/// `@unchecked Sendable`: all mutable state sits behind `lock`.
public final class PrometheusRegistry: MetricsFactory, @unchecked Sendable {
    private let lock = NSLock()
    private var series: [SeriesKey: Double] = [:]
    private var kinds: [String: String] = [:]

    struct SeriesKey: Hashable {
        var name: String
        var labels: String
    }

    /// Creates an empty registry.
    public init() {}

    func add(_ name: String, _ dimensions: [(String, String)], _ amount: Double, kind: String) {
        let key = SeriesKey(name: Self.sanitize(name), labels: Self.labels(dimensions))
        lock.lock()
        defer { lock.unlock() }
        kinds[key.name] = kind
        series[key, default: 0] += amount
    }

    func set(_ name: String, _ dimensions: [(String, String)], _ value: Double) {
        let key = SeriesKey(name: Self.sanitize(name), labels: Self.labels(dimensions))
        lock.lock()
        defer { lock.unlock() }
        kinds[key.name] = "gauge"
        series[key] = value
    }

    /// The current value of one series (for tests), or nil.
    public func value(_ name: String, _ dimensions: [(String, String)] = []) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return series[SeriesKey(name: Self.sanitize(name), labels: Self.labels(dimensions))]
    }

    /// Every series in the Prometheus text format, sorted by name.
    public func render() -> String {
        lock.lock()
        let snapshot = series
        let types = kinds
        lock.unlock()
        var out = ""
        for name in Set(snapshot.keys.map(\.name)).sorted() {
            out += "# TYPE \(name) \(types[name] ?? "untyped")\n"
            for key in snapshot.keys.filter({ $0.name == name }).sorted(by: { $0.labels < $1.labels }) {
                out += "\(name)\(key.labels) \(Self.format(snapshot[key] ?? 0))\n"
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func sanitize(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
    }

    static func labels(_ dimensions: [(String, String)]) -> String {
        guard !dimensions.isEmpty else { return "" }
        let parts = dimensions.sorted { $0.0 < $1.0 }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\(sanitize(key))=\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    // MARK: MetricsFactory

    /// See `MetricsFactory`.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(registry: self, label: label, dimensions: dimensions)
    }

    /// See `MetricsFactory`.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(registry: self, label: label, dimensions: dimensions)
    }

    /// See `MetricsFactory`.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(registry: self, label: label, dimensions: dimensions)
    }

    /// See `MetricsFactory`.
    public func destroyCounter(_ handler: any CounterHandler) {}
    /// See `MetricsFactory`.
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    /// See `MetricsFactory`.
    public func destroyTimer(_ handler: any TimerHandler) {}

    /// One handler type for every metric kind; it forwards to the registry.
    final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let registry: PrometheusRegistry
        let label: String
        let dimensions: [(String, String)]

        init(registry: PrometheusRegistry, label: String, dimensions: [(String, String)]) {
            self.registry = registry
            self.label = label
            self.dimensions = dimensions
        }

        func increment(by amount: Int64) { registry.add(label, dimensions, Double(amount), kind: "counter") }
        func reset() { registry.set(label, dimensions, 0) }
        func record(_ value: Int64) { registry.set(label, dimensions, Double(value)) }
        func record(_ value: Double) { registry.set(label, dimensions, value) }
        func recordNanoseconds(_ duration: Int64) {
            registry.add(label + "_seconds_sum", dimensions, Double(duration) / 1e9, kind: "counter")
            registry.add(label + "_seconds_count", dimensions, 1, kind: "counter")
        }
    }
}
