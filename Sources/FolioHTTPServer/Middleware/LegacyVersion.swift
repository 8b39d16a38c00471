import FolioWire
import Hummingbird

/// The frozen answer to a protocol version the server no longer speaks
/// (SPEC.md §5.3): every request under `/v1/` other than the editor API
/// gets 426 Upgrade Required, `Folio-Error: 501`, `Folio-Protocol: 1` and a
/// version-1 `ErrorResponse` frame (16-byte header, no CRC-32) listing the
/// versions the server speaks, so that a version-1 client understands why
/// it stopped.
enum LegacyVersion {
    /// The versions this server speaks (`ServerInfo.protocol_versions`).
    static let supportedVersions: [UInt32] = [FolioProtocol.version]

    /// True for a normalised path of protocol version 1 (not the editor API).
    static func isLegacy(_ normalized: String) -> Bool {
        normalized.hasPrefix("/v1/") && !PathNormalizer.isEditor(normalized)
    }

    /// The 426 response of SPEC.md §5.3.
    static func response() -> Response {
        let message = FolioWireError(
            .versionUnsupported, "protocol version 1 is no longer spoken; update the app"
        ).response(supportedVersions: supportedVersions)
        let body = (try? FrameCodec().frame(for: message).encodedVersion1()) ?? []
        return FrameIO.frameResponse(
            status: .upgradeRequired, body: body,
            extra: [
                HeaderNames.folioError: String(FolioWireError.Code.versionUnsupported.rawValue),
                HeaderNames.folioProtocol: "1",
            ])
    }
}
