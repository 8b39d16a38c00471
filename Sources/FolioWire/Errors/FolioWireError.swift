/// The one error type of `FolioWire`.
///
/// Every code is named in `Protocol/SPEC.md` §12 (Errors), so that a client in
/// another language can match the same failures. Match an error by its code:
///
/// ```swift
/// do { _ = try Inflater.inflate(bytes, dictionary: nil, limits: .default) }
/// catch let error as FolioWireError where error.code == .inflateTooLarge { … }
/// ```
public struct FolioWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A failure category named by the protocol specification.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code of SPEC.md §12.
        public let rawValue: Int
        /// Creates a code from its SPEC.md §12 number.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// A printable name: the number.
        public var description: String { "FW\(rawValue)" }
    }

    /// What went wrong, as a code that the specification names.
    public let code: Code
    /// A human-readable explanation. It never contains user content.
    public let message: String

    /// Creates an error with a code and an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `FW<code>: <message>`.
    public var description: String { "\(code): \(message)" }
}
