import Testing
import FolioBenchKit

@Suite struct DictionaryTextTests {
    @Test(arguments: ["en", "fa"])
    func dictionaryIsFullSizeDeterministicAndInItsLanguage(language: String) {
        let bytes = DictionaryText.bytes(language: language, archiveSeed: 5)
        #expect(bytes.count == DictionaryText.maxBytes)
        #expect(bytes == DictionaryText.bytes(language: language, archiveSeed: 5))
        let text = String(decoding: bytes, as: UTF8.self)
        let arabicScript = text.unicodeScalars.filter { (0x0600...0x06FF).contains($0.value) }.count
        if language == "fa" {
            #expect(arabicScript > text.unicodeScalars.count / 2)
        } else {
            #expect(arabicScript == 0)
        }
    }

    @Test func dictionaryIsNotTakenFromTheArchiveItself() {
        let archive = ArchiveGenerator(seed: 5, count: 50)
        let dictionary = String(decoding: DictionaryText.bytes(language: "en", archiveSeed: 5), as: UTF8.self)
        let english = (0..<50).map { archive.article($0) }.filter { $0.language == "en" }
        #expect(!english.isEmpty)
        #expect(english.allSatisfy { !dictionary.contains($0.body.prefix(200)) })
    }
}
