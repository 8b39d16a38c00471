/// Bounds a frame decoder enforces (SPEC.md §5.2 and §9.3).
public struct FrameLimits: Sendable, Hashable {
    /// The largest payload length accepted in a frame header, checked before
    /// any payload byte is buffered. SPEC.md default: 8 MiB.
    public var maxFrameBytes: Int
    /// Limits on inflating a compressed payload.
    public var inflate: InflateLimits

    /// Creates limits.
    public init(maxFrameBytes: Int, inflate: InflateLimits) {
        self.maxFrameBytes = max(0, maxFrameBytes)
        self.inflate = inflate
    }

    /// The defaults of SPEC.md §5.2 and §9.3.
    public static let `default` = FrameLimits(maxFrameBytes: 8 << 20, inflate: .default)
}
