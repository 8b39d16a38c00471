import SwiftProtobuf

/// The message type byte of a frame header (SPEC.md §5.2, table 2).
public enum FrameType: UInt8, Sendable, CaseIterable {
    /// ``WirePullRequest``.
    case pullRequest = 1
    /// ``WirePullResponse``.
    case pullResponse = 2
    /// ``WirePushRequest``.
    case pushRequest = 3
    /// ``WirePushResponse``.
    case pushResponse = 4
    /// ``WireChecksumRequest``.
    case checksumRequest = 5
    /// ``WireChecksumResponse``.
    case checksumResponse = 6
    /// ``WireRepairRequest``.
    case repairRequest = 7
    /// ``WireRepairResponse``.
    case repairResponse = 8
    /// ``WireSnapshotManifest``.
    case snapshotManifest = 9
    /// ``WireSnapshotChunk``.
    case snapshotChunk = 10
    /// ``WireServerInfo``.
    case serverInfo = 11
    /// ``WireErrorResponse``.
    case error = 12

    /// The generated message type a frame of this type carries.
    public var messageType: any FrameMessage.Type {
        switch self {
        case .pullRequest: WirePullRequest.self
        case .pullResponse: WirePullResponse.self
        case .pushRequest: WirePushRequest.self
        case .pushResponse: WirePushResponse.self
        case .checksumRequest: WireChecksumRequest.self
        case .checksumResponse: WireChecksumResponse.self
        case .repairRequest: WireRepairRequest.self
        case .repairResponse: WireRepairResponse.self
        case .snapshotManifest: WireSnapshotManifest.self
        case .snapshotChunk: WireSnapshotChunk.self
        case .serverInfo: WireServerInfo.self
        case .error: WireErrorResponse.self
        }
    }
}

/// A message that travels as the payload of a frame of one ``FrameType``.
public protocol FrameMessage: SwiftProtobuf.Message {
    /// The frame type byte for this message (SPEC.md §5.2).
    static var frameType: FrameType { get }
}

extension WirePullRequest: FrameMessage {
    /// ``FrameType/pullRequest``.
    public static var frameType: FrameType { .pullRequest }
}

extension WirePullResponse: FrameMessage {
    /// ``FrameType/pullResponse``.
    public static var frameType: FrameType { .pullResponse }
}

extension WirePushRequest: FrameMessage {
    /// ``FrameType/pushRequest``.
    public static var frameType: FrameType { .pushRequest }
}

extension WirePushResponse: FrameMessage {
    /// ``FrameType/pushResponse``.
    public static var frameType: FrameType { .pushResponse }
}

extension WireChecksumRequest: FrameMessage {
    /// ``FrameType/checksumRequest``.
    public static var frameType: FrameType { .checksumRequest }
}

extension WireChecksumResponse: FrameMessage {
    /// ``FrameType/checksumResponse``.
    public static var frameType: FrameType { .checksumResponse }
}

extension WireRepairRequest: FrameMessage {
    /// ``FrameType/repairRequest``.
    public static var frameType: FrameType { .repairRequest }
}

extension WireRepairResponse: FrameMessage {
    /// ``FrameType/repairResponse``.
    public static var frameType: FrameType { .repairResponse }
}

extension WireSnapshotManifest: FrameMessage {
    /// ``FrameType/snapshotManifest``.
    public static var frameType: FrameType { .snapshotManifest }
}

extension WireSnapshotChunk: FrameMessage {
    /// ``FrameType/snapshotChunk``.
    public static var frameType: FrameType { .snapshotChunk }
}

extension WireServerInfo: FrameMessage {
    /// ``FrameType/serverInfo``.
    public static var frameType: FrameType { .serverInfo }
}

extension WireErrorResponse: FrameMessage {
    /// ``FrameType/error``.
    public static var frameType: FrameType { .error }
}
