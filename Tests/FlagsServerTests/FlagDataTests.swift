import Foundation
import Testing

@testable import FlagsServer

@Suite struct FlagDataTests {
    @Test func loadsEveryFlagAndNothingElse() throws {
        let data = try FlagData.load(root: TestFixture.shared.root)
        #expect(data.codes.count == 194)
        #expect(data.fileCount == 388)
        #expect(!data.codes.contains("xyz") && !data.codes.contains("q1"))
        #expect(data.files["br"]?.count == 2)
    }

    @Test func searchesTheEnvironmentTheWorkingDirectoryThenTheExecutableThenTheSources() {
        let locations = FlagData.searchLocations(
            environment: ["FLAGS_DATA": "/data"],
            currentDirectory: "/cwd",
            executablePath: "/repo/.build/debug/flags-seq",
            sourceFilePath: "/src/Sources/FlagsServer/FlagData+locate.swift"
        )
        #expect(
            locations == [
                "/data", "/cwd/flags-data",
                "/repo/.build/debug/flags-data", "/repo/.build/flags-data", "/repo/flags-data", "/flags-data",
                "/src/Sources/FlagsServer/flags-data", "/src/Sources/flags-data", "/src/flags-data",
                "/flags-data",
            ]
        )
        let withoutVariable = FlagData.searchLocations(
            environment: [:],
            currentDirectory: "/cwd",
            executablePath: nil,
            sourceFilePath: "/a/b.swift"
        )
        #expect(withoutVariable == ["/cwd/flags-data", "/a/flags-data", "/flags-data"])
    }

    @Test func aRootHasDataOnlyIfItsFlagsDirectoryHoldsACode() throws {
        #expect(FlagData.containsData(TestFixture.shared.root))
        #expect(!FlagData.containsData(TestFixture.shared.base))
        #expect(!FlagData.containsData("/nonexistent"))
    }

    @Test func theSourceTreeFindsTheRepositoryData() throws {
        // This file sits in the repository, so its ancestors include the repository root.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().path
        let locations = FlagData.searchLocations(
            environment: [:], currentDirectory: "/nowhere", executablePath: nil)
        #expect(locations.contains(repository + "/flags-data"))
    }

    @Test func notFindingDataAnywhereSaysWhereItLookedAndHowToBuildIt() {
        let message = FlagServerError.dataNotFound(searched: FlagData.searchSummary()).description
        #expect(message.contains("$FLAGS_DATA, ./flags-data"))
        #expect(
            message.contains(
                "build it with `swift run flags-server build-data` (run from the repository root)"))
    }
}
