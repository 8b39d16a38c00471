import Foundation
import FolioWire
import Testing

/// The SPEC.md §12.1 table and `FolioWireError.Code` agree.
@Suite struct ErrorCodeTests {
    /// (code, name, HTTP status or nil) rows of the SPEC.md §12.1 table.
    static func specRows() throws -> [(Int, String, Int?)] {
        let spec = try String(contentsOf: Vectors.root.appendingPathComponent("Protocol/SPEC.md"), encoding: .utf8)
        return spec.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, let code = Int(cells[0]), code >= 100 else { return nil }
            return (code, cells[1], Int(cells[2]))
        }
    }

    static let named: [String: FolioWireError.Code] = [
        "frameTruncated": .frameTruncated, "frameBadMagic": .frameBadMagic,
        "frameUnsupportedVersion": .frameUnsupportedVersion, "frameUnknownType": .frameUnknownType,
        "frameTooLarge": .frameTooLarge, "frameBadFlags": .frameBadFlags, "frameTrailingBytes": .frameTrailingBytes,
        "messageMalformed": .messageMalformed, "frameChecksumMismatch": .frameChecksumMismatch, "inflateCorrupt": .inflateCorrupt, "inflateTruncated": .inflateTruncated,
        "inflateTooLarge": .inflateTooLarge, "inflateRatioExceeded": .inflateRatioExceeded,
        "inflateTrailingData": .inflateTrailingData, "dictionaryUnknown": .dictionaryUnknown,
        "dictionaryMismatch": .dictionaryMismatch, "zlibFailure": .zlibFailure, "deltaMalformed": .deltaMalformed,
        "deltaBaseMismatch": .deltaBaseMismatch, "deltaTooLarge": .deltaTooLarge,
        "deltaTargetMismatch": .deltaTargetMismatch, "cursorMalformed": .cursorMalformed,
        "cursorEpochMismatch": .cursorEpochMismatch, "cursorExpired": .cursorExpired,
        "versionUnsupported": .versionUnsupported, "badRequest": .badRequest, "notFound": .notFound,
        "payloadTooLarge": .payloadTooLarge, "rateLimited": .rateLimited, "unavailable": .unavailable,
        "internalError": .internalError, "snapshotGone": .snapshotGone, "unsupportedMediaType": .unsupportedMediaType, "rangeNotSatisfiable": .rangeNotSatisfiable,
        "checkpointMismatch": .checkpointMismatch, "bucketWidthInvalid": .bucketWidthInvalid,
    ]

    @Test func everyCodeIsInTheSpecTableWithItsNameAndStatus() throws {
        let rows = try Self.specRows()
        #expect(rows.count == Self.named.count)
        for (number, name, status) in rows {
            let code = try #require(Self.named[name], "SPEC.md names unknown code \(name)")
            #expect(code.rawValue == number, "\(name)")
            #expect(code.httpStatus == status, "\(name)")
        }
    }

    @Test func everyErrorCodeInTheVectorsIsInTheSpecTable() throws {
        let numbers = Set(try Self.specRows().map(\.0))
        for file in ["frames-invalid.json", "deltas-invalid.json"] {
            for entry in try Vectors.list(file) {
                #expect(numbers.contains(entry["error"] as? Int ?? 0), "\(file) \(entry["name"] ?? "?")")
            }
        }
    }

    @Test func errorResponsesCarryTheCode() throws {
        let error = FolioWireError(.versionUnsupported, "update the app")
        let response = error.response(supportedVersions: [2])
        #expect(response.code == 501 && response.supportedVersions == [2])
        #expect(FolioWireError(response: response) == error)
        #expect(FolioWireError.Code.fallback(forHTTPStatus: 502) == .internalError)
        #expect(FolioWireError.Code.fallback(forHTTPStatus: 418) == .badRequest)
    }

    @Test func idempotencyKeysAreUUIDv7() {
        let key = IdempotencyKey.make(unixMilliseconds: 1_767_225_600_000, random: Array(repeating: 0xFF, count: 10))
        #expect(key.count == 16 && IdempotencyKey.isValid(key))
        #expect(!IdempotencyKey.isValid(Array(key.dropLast())))
        var version4 = key
        version4[6] = 0x4F
        #expect(!IdempotencyKey.isValid(version4))
    }
}
