import Testing

@testable import FlagsServer

@Suite struct FlagResponderTests {
    @Test(arguments: [
        ("/flags/br/br.png", "/flags/br/br.png"),
        ("/a\u{1B}[31mred", "/a\\x1B[31mred"),
        ("/nul\u{0}byte", "/nul\\x00byte"),
        ("/back\\slash", "/back\\x5Cslash"),
        ("/caf\u{E9}", "/caf\\xC3\\xA9"),
        ("/line\r\nbreak", "/line\\x0D\\x0Abreak"),
    ])
    func logsPathsWithoutControlOrNonASCIIBytes(path: String, logged: String) {
        #expect(FlagResponder.printable(path[...]) == logged)
    }

    @Test func capsTheLengthOfALoggedPath() {
        let logged = FlagResponder.printable(String(repeating: "a", count: 5_000)[...])
        #expect(logged == String(repeating: "a", count: 200) + "…")
    }
}
