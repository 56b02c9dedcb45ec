import FlagsCore
import FlagsShared
import Testing

@Suite struct CodeSelectionTests {
    @Test func theListsHaveTheDocumentedSizes() {
        #expect(CountryCodes.pop20.count == 20)
        #expect(CountryCodes.all.count == 194)
        #expect(Set(CountryCodes.all).count == 194)
        #expect(CountryCodes.every.count == 676)
        #expect(CountryCodes.every.first == "AA" && CountryCodes.every.last == "ZZ")
        #expect(Set(CountryCodes.pop20).isSubset(of: CountryCodes.all))
        #expect(CountryCodes.all == CountryCodes.all.sorted())
    }

    @Test(arguments: [
        (["br"], ["BR"]),
        (["BR", "br", "Br"], ["BR"]),
        (["us", "BR", "cn"], ["BR", "CN", "US"]),
        (["z"], CountryCodes.startingWith("Z")),
        (["Z", "zw"], CountryCodes.startingWith("Z")),
        (["a", "B"], CountryCodes.startingWith("A") + CountryCodes.startingWith("B")),
    ])
    func argumentsExpandSortedAndDeduplicated(arguments: [String], expected: [String]) throws {
        #expect(try CodeSelection.expand(arguments) == expected)
    }

    @Test func noArgumentsMeansThePopulousTwenty() throws {
        #expect(try CodeSelection.expand([]) == CountryCodes.pop20.sorted())
    }

    @Test func allAndEveryAndLimit() throws {
        #expect(try CodeSelection.expand([], all: true) == CountryCodes.all)
        #expect(try CodeSelection.expand([], every: true).count == 676)
        #expect(try CodeSelection.expand([], every: true, limit: 3) == ["AA", "AB", "AC"])
        #expect(try CodeSelection.expand(["b"], limit: 2) == ["BA", "BB"])
        #expect(try CodeSelection.expand(["br"], limit: 50) == ["BR"])
    }

    @Test(arguments: ["ZZZ", "1", "", "b1", "é", "B R", "--", "br.png", "🇧🇷"])
    func badCodesAreUsageErrorsNamingTheArgument(argument: String) {
        #expect {
            _ = try CodeSelection.expand(["BR", argument])
        } throws: { error in
            (error as? UsageError)?.message.contains("'\(argument)'") == true
        }
    }

    @Test func badCombinationsAreUsageErrors() {
        #expect(throws: UsageError.self) { try CodeSelection.expand([], limit: 0) }
        #expect(throws: UsageError.self) { try CodeSelection.expand([], limit: -3) }
        #expect(throws: UsageError.self) { try CodeSelection.expand([], all: true, every: true) }
        #expect(throws: UsageError.self) { try CodeSelection.expand(["BR"], all: true) }
        #expect(throws: UsageError.self) { try CodeSelection.expand(["BR"], every: true) }
    }
}
