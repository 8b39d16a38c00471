import Foundation
import FolioWire
import Testing

/// `deltas.json` and `deltas-invalid.json` (SPEC.md §8.2, §16.3).
@Suite struct DeltaVectorTests {
    @Test func everyDeltaTurnsItsBaseIntoItsTarget() throws {
        for entry in try Vectors.list("deltas.json") {
            let base = entry["base"] as? String ?? "", target = entry["target"] as? String ?? ""
            let delta = try Vectors.bytes(entry, "delta")
            #expect(try BodyDelta.apply(delta, to: base) == target, "\(entry["name"] ?? "?")")
            #expect(BodyDelta.make(base: base, target: target) == delta, "\(entry["name"] ?? "?")")
        }
    }

    @Test func invalidDeltasAreRejectedWithTheirCode() throws {
        for entry in try Vectors.list("deltas-invalid.json") {
            let base = Array((entry["base"] as? String ?? "").utf8)
            let delta = try Vectors.bytes(entry, "delta")
            let limit = entry["maxTargetBytes"] as? Int ?? 4 << 20
            let code = Vectors.code { _ = try BodyDelta.apply(delta, to: base, maxTargetBytes: limit) }
            #expect(code == entry["error"] as? Int, "\(entry["name"] ?? "?")")
        }
    }

    @Test func everyTruncationOfADeltaIsRejected() throws {
        for entry in try Vectors.list("deltas.json") {
            let base = Array((entry["base"] as? String ?? "").utf8)
            let delta = try Vectors.bytes(entry, "delta")
            for length in 0..<delta.count {
                let code = Vectors.code { _ = try BodyDelta.apply(Array(delta.prefix(length)), to: base) }
                #expect(code == FolioWireError.Code.deltaMalformed.rawValue, "\(entry["name"] ?? "?") cut at \(length)")
            }
        }
    }

    @Test func bitFlipsInDeltasAreRejectedOrHarmless() throws {
        for entry in try Vectors.list("deltas.json") {
            let base = Array((entry["base"] as? String ?? "").utf8)
            let target = Array((entry["target"] as? String ?? "").utf8)
            let delta = try Vectors.bytes(entry, "delta")
            for index in 0..<min(delta.count, 200) {
                var corrupt = delta
                corrupt[index] ^= 0x04
                do {
                    #expect(try BodyDelta.apply(corrupt, to: base) == target, "flip at \(index) produced other text")
                } catch let error as FolioWireError {
                    #expect(error.code.rawValue / 100 == 3)
                }
            }
        }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 255, 4096])
    func deltasRoundTripAtLengthEdges(length: Int) throws {
        let base = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var target = base
        if !target.isEmpty { target[target.count / 2] ^= 0xFF }
        target += [1, 2, 3]
        let delta = BodyDelta.make(base: base, target: target)
        #expect(try BodyDelta.apply(delta, to: base) == target)
    }

    @Test func aOneSentenceCorrectionOfATwelveKilobyteBodyStaysSmall() throws {
        let sentence = "The ministry said exports fell by 21 per cent in the first quarter."
        let base = String(repeating: "Regional trade talks resumed in Tashkent after a pause of two years. ", count: 180)
        let target = String(base.prefix(6069)) + sentence + " " + String(base.dropFirst(6069))
        let delta = BodyDelta.make(base: base, target: target)
        #expect(base.utf8.count > 12_000)
        #expect(delta.count < sentence.utf8.count + 40)
    }
}
