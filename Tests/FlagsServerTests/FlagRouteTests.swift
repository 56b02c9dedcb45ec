import Testing

@testable import FlagsServer

@Suite struct FlagRouteTests {
    @Test(arguments: [
        ("/flags/br/br.png", "br", FlagResource.image),
        ("/flags/br/metadata.json", "br", .metadata),
        ("/flags/zz/zz.png", "zz", .image),
        ("/flags/aa/metadata.json", "aa", .metadata),
    ])
    func parsesTheTwoFilesOfAnyTwoLetterCode(path: String, code: String, resource: FlagResource) throws {
        let route = try #require(FlagRoute(path: path))
        #expect(route.code == code)
        #expect(route.resource == resource)
        #expect(route.codeKey == RequestPlanner.codeKey(code))
    }

    @Test(arguments: [
        "", "/", "/flags", "/flags/", "/flags/br", "/flags/br/", "/flags/br/br", "/flags/br/fr.png",
        "/flags/BR/BR.png", "/flags/br/BR.png", "/flags/Br/Br.png", "/flags/br/br.PNG", "/flags/br/br.png/",
        "/flags/br/metadata.JSON", "/flags/br/metadata.json/", "/flags/bra/bra.png", "/flags/b/b.png",
        "/flags/b1/b1.png", "/flags/../br.png", "/flags/br/../br.png", "//flags/br/br.png",
        "/flags//br/br.png", "/FLAGS/br/br.png", "flags/br/br.png", "/flags/br/br.png?x",
        "/flags/%62r/%62r.png", "/flags/br/br%2epng", "/flags/br\\br.png", "/flags/br/br.png\u{0}",
        "/flags/br/br.pngx", "/flags/br/xmetadata.json", "/flags/br/metadata_json",
    ])
    func rejectsEverythingElse(path: String) {
        #expect(FlagRoute(path: path) == nil)
    }

    @Test func indexesEveryCodeIntoItsOwnSlot() {
        let letters = "abcdefghijklmnopqrstuvwxyz"
        var seen = Set<Int>()
        for first in letters {
            for second in letters {
                let route = FlagRoute(path: "/flags/\(first)\(second)/\(first)\(second).png")
                seen.insert(route!.codeIndex)
            }
        }
        #expect(seen == Set(0..<FlagRoute.codeCount))
    }
}
