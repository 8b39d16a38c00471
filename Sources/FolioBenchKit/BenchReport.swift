import Foundation

/// One line of the benchmark's table: Folio's figure, the baseline's, their
/// ratio, and the target for that ratio when there is one.
public struct BenchRow: Sendable, Hashable, Codable {
    /// The scenario, such as `1 first sync`.
    public var scenario: String
    /// What is measured, such as `bytes on the wire`.
    public var metric: String
    /// The unit of ``folio`` and ``baseline``.
    public var unit: String
    /// Folio's figure.
    public var folio: Double
    /// The baseline's name, or empty when there is none.
    public var baselineName: String
    /// The baseline's figure (nil when there is none).
    public var baseline: Double?
    /// The target, as text (such as `ratio <= 0.95`), or empty.
    public var target: String
    /// Whether the target is met (nil when there is no target or it was not measured).
    public var met: Bool?

    /// Folio / baseline, when there is a baseline.
    public var ratio: Double? {
        guard let baseline, baseline != 0 else { return nil }
        return folio / baseline
    }

    /// Creates a row; `maxRatio` / `minRatio` set the target on the ratio, and
    /// `maxValue` a target on Folio's figure itself.
    public init(scenario: String, metric: String, unit: String, folio: Double, baselineName: String = "",
                baseline: Double? = nil, maxRatio: Double? = nil, minRatio: Double? = nil, maxValue: Double? = nil) {
        self.scenario = scenario
        self.metric = metric
        self.unit = unit
        self.folio = folio
        self.baselineName = baselineName
        self.baseline = baseline
        let ratio = baseline.flatMap { $0 == 0 ? nil : folio / $0 }
        if let maxRatio {
            target = "ratio <= \(maxRatio)"
            met = ratio.map { $0 <= maxRatio }
        } else if let minRatio {
            target = "ratio >= \(minRatio)"
            met = ratio.map { $0 >= minRatio }
        } else if let maxValue {
            target = "< \(BenchRow.format(maxValue)) \(unit)"
            met = folio < maxValue
        } else {
            target = ""
            met = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case scenario, metric, unit, folio, baselineName, baseline, ratio, target, met
    }

    /// Decodes a row (the ratio is derived, not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try container.decode(String.self, forKey: .scenario)
        metric = try container.decode(String.self, forKey: .metric)
        unit = try container.decode(String.self, forKey: .unit)
        folio = try container.decode(Double.self, forKey: .folio)
        baselineName = try container.decode(String.self, forKey: .baselineName)
        baseline = try container.decodeIfPresent(Double.self, forKey: .baseline)
        target = try container.decode(String.self, forKey: .target)
        met = try container.decodeIfPresent(Bool.self, forKey: .met)
    }

    /// Encodes the row with its ratio.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(metric, forKey: .metric)
        try container.encode(unit, forKey: .unit)
        try container.encode(folio, forKey: .folio)
        try container.encode(baselineName, forKey: .baselineName)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(ratio, forKey: .ratio)
        try container.encode(target, forKey: .target)
        try container.encodeIfPresent(met, forKey: .met)
    }

    /// A figure with at most three decimals and thousands kept readable.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        if abs(value) >= 100 { return String(format: "%.1f", value) }
        return String(format: "%.3f", value)
    }
}

/// Everything one run measured: the rows, the sizes of the data, and facts
/// about the machine; written by `--json FILE`.
public struct BenchReport: Sendable, Codable {
    /// When the run started, ISO-8601.
    public var startedAt: String
    /// Articles in the archive.
    public var articles: Int
    /// The generator seed.
    public var seed: UInt64
    /// Processor count.
    public var cores: Int
    /// Facts about the data (counts and sizes), by name.
    public var data: [String: Double] = [:]
    /// Extra figures that have no baseline (timings of setup steps and so on).
    public var notes: [String: Double] = [:]
    /// Checks that must hold (such as "client holds every article"), by name.
    public var checks: [String: Bool] = [:]
    /// Scenarios skipped, with why.
    public var skipped: [String: String] = [:]
    /// The table.
    public var rows: [BenchRow] = []

    /// Creates an empty report.
    public init(startedAt: String, articles: Int, seed: UInt64, cores: Int) {
        self.startedAt = startedAt
        self.articles = articles
        self.seed = seed
        self.cores = cores
    }

    /// The table as Markdown (the README's Performance section uses it as is).
    public func markdownTable() -> String {
        var lines = ["| scenario | metric | Folio | baseline | baseline value | ratio | target | met |",
                     "|---|---|---|---|---|---|---|---|"]
        for row in rows {
            let baseline = row.baseline.map { BenchRow.format($0) + " " + row.unit } ?? ""
            let ratio = row.ratio.map { String(format: "%.3f", $0) } ?? ""
            let met = row.met.map { $0 ? "yes" : "**no**" } ?? ""
            lines.append("| \(row.scenario) | \(row.metric) | \(BenchRow.format(row.folio)) \(row.unit) | \(row.baselineName) | \(baseline) | \(ratio) | \(row.target) | \(met) |")
        }
        return lines.joined(separator: "\n")
    }
}
