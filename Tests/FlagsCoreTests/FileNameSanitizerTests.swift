import Testing

@testable import FlagsCore

@Suite struct FileNameSanitizerTests {
    @Test(arguments: [
        ("Brazil", "Brazil.png"),
        ("Côte d'Ivoire", "Côte_d_Ivoire.png"),
        ("Co\u{0302}te d'Ivoire", "Co\u{0302}te_d_Ivoire.png"),  // decomposed: the mark stays
        ("Guinea-Bissau", "Guinea-Bissau.png"),
        ("\u{0D4E}/pwned", "\u{0D4E}_pwned.png"),  // one grapheme cluster hiding a "/"
        ("../../etc/passwd", "etc_passwd.png"),
        (".hidden", "hidden.png"),
        ("-rf", "rf.png"),
        ("\u{0301}accent first", "accent_first.png"),
        ("a\u{0}b", "a_b.png"),
        ("right\u{202E}gnp.exe", "right_gnp_exe.png"),
        ("  Korea, Republic of  ", "Korea_Republic_of.png"),
    ])
    func countryNamesBecomeSafeFileNames(country: String, expected: String) {
        // Bytes, not `String` equality: that one holds for canonically equivalent spellings too.
        #expect(FlagFile.name(forCountry: country).map { Array($0.utf8) } == Array(expected.utf8))
    }

    @Test(arguments: ["", "...", "///", "\u{0}", "\u{0301}", "-", " _ "])
    func nothingUsableGivesNoName(country: String) {
        #expect(FlagFile.name(forCountry: country) == nil)
    }

    @Test(arguments: [245, 300, 10_000])
    func longNamesAreCutToFitWithTheirTemporaryName(length: Int) throws {
        for letter in ["a", "é", "漢", "𐍈"] {
            let name = try #require(FlagFile.name(forCountry: String(repeating: letter, count: length)))
            #expect(name.utf8.count <= FileNameSanitizer.maxStemBytes + 4)
            #expect(name.hasSuffix(".png"))
            #expect(String(decoding: Array(name.utf8), as: UTF8.self) == name, "cut at a scalar boundary")
        }
    }

    @Test func aSecondCodeGetsItsCodeAddedWithinTheSameBudget() throws {
        #expect(FlagFile.name(forCountry: "Same Name", code: "us") == "Same_Name_US.png")
        let long = try #require(FlagFile.name(forCountry: String(repeating: "x", count: 400), code: "US"))
        #expect(long.hasSuffix("_US.png"))
        #expect(long.utf8.count <= FileNameSanitizer.maxStemBytes + 4)
    }

    @Test(arguments: [
        "Ꙭ\u{0}/.", "\u{FEFF}\u{200D}x", "\u{10FFFF}\u{E000}", String(repeating: "\u{0D4E}/", count: 300),
    ])
    func noNameHoldsASlashANulOrALeadingDot(country: String) {
        guard let name = FlagFile.name(forCountry: country) else { return }
        #expect(!name.utf8.contains(UInt8(ascii: "/")))
        #expect(!name.utf8.contains(0))
        #expect(!name.hasPrefix("."))
        #expect(FlagStore.isPlainFileName(name))
    }
}
