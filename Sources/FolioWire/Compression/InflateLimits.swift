/// The bounds an inflater enforces on bytes it actually produces (SPEC.md §9.3).
///
/// A stream is rejected with ``FolioWireError/Code/inflateTooLarge`` as soon
/// as the output passes `maxInflatedBytes`, and with
/// ``FolioWireError/Code/inflateRatioExceeded`` as soon as the output passes
/// both `ratioGraceBytes` and `maxRatio` times the compressed bytes consumed
/// so far. Output memory is therefore bounded by `maxInflatedBytes` plus one
/// output chunk, whatever the input claims.
public struct InflateLimits: Sendable, Hashable {
    /// The largest inflated payload accepted. SPEC.md default: 16 MiB.
    public var maxInflatedBytes: Int
    /// The largest accepted ratio of produced to consumed bytes. SPEC.md default: 100.
    public var maxRatio: Int
    /// Output below this size is never rejected for its ratio. SPEC.md default: 64 KiB.
    public var ratioGraceBytes: Int

    /// Creates limits; negative values are treated as zero.
    public init(maxInflatedBytes: Int, maxRatio: Int, ratioGraceBytes: Int) {
        self.maxInflatedBytes = max(0, maxInflatedBytes)
        self.maxRatio = max(0, maxRatio)
        self.ratioGraceBytes = max(0, ratioGraceBytes)
    }

    /// The defaults of SPEC.md §9.3: 16 MiB, ratio 100, grace 64 KiB.
    public static let `default` = InflateLimits(
        maxInflatedBytes: 16 << 20, maxRatio: 100, ratioGraceBytes: 64 << 10)

    /// Throws if `produced` output bytes for `consumed` input bytes break a limit.
    func check(produced: Int, consumed: Int) throws {
        if produced > maxInflatedBytes {
            throw FolioWireError(.inflateTooLarge, "inflated size exceeds \(maxInflatedBytes) bytes")
        }
        let (allowed, overflow) = consumed.multipliedReportingOverflow(by: maxRatio)
        if produced > ratioGraceBytes, !overflow, produced > allowed {
            throw FolioWireError(.inflateRatioExceeded, "inflate ratio exceeds \(maxRatio)")
        }
    }
}
