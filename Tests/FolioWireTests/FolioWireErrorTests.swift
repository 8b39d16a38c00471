import Testing
@testable import FolioWire

@Test func errorDescriptionNamesItsCode() {
    let e = FolioWireError(.init(rawValue: 12), "x")
    #expect(e.description == "FW12: x")
}
