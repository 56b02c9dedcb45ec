import FlagsTestSupport
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

    /// A data directory holding one real flag and three symbolic links pointing outside it.
    private static func dataWithLinks() throws -> (directory: TemporaryDirectory, root: String) {
        let directory = try TemporaryDirectory("flags-links")
        let manager = FileManager.default
        let root = directory.file("flags-data")
        let outside = directory.file("outside")
        for path in ["\(root)/flags/br", "\(root)/flags/us", outside + "/fr"] {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try Data(TestFixture.shared.file("br", "br.png")).write(
            to: URL(fileURLWithPath: "\(root)/flags/br/br.png"))
        for path in [outside + "/secret.png", outside + "/fr/fr.png", outside + "/fr/metadata.json"] {
            try Data(TestFixture.secret).write(to: URL(fileURLWithPath: path))
        }
        // A file linked to a secret, a whole code directory linked outside, and a dangling link.
        try manager.createSymbolicLink(
            atPath: "\(root)/flags/us/us.png", withDestinationPath: outside + "/secret.png")
        try manager.createSymbolicLink(atPath: "\(root)/flags/fr", withDestinationPath: outside + "/fr")
        try manager.createSymbolicLink(
            atPath: "\(root)/flags/br/metadata.json", withDestinationPath: "/nonexistent")
        return (directory, root)
    }

    @Test func noSymbolicLinkIsFollowedWhenLoading() throws {
        let (directory, root) = try Self.dataWithLinks()
        defer { directory.remove() }
        let data = try FlagData.load(root: root)
        #expect(data.codes == ["br"])
        #expect(data.fileCount == 1)
        #expect(data.skipped.count == 3, "\(data.skipped)")
        #expect(data.skipped.allSatisfy { $0.contains("symbolic link") })
        // Only br.png, the one real file, was read.
        #expect(data.files["br"]?.keys.sorted { $0.rawValue < $1.rawValue } == [.image])
    }

    @Test func aLinkedFlagsDirectoryIsRefused() throws {
        let (directory, root) = try Self.dataWithLinks()
        defer { directory.remove() }
        let linked = directory.file("linked-data")
        try FileManager.default.createDirectory(atPath: linked, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: linked + "/flags", withDestinationPath: root + "/flags")
        #expect(throws: FlagServerError.self) { try FlagData.load(root: linked) }
    }

    @Test func aServerOnDataWithLinksServesNothingFromOutside() async throws {
        let (directory, root) = try Self.dataWithLinks()
        defer { directory.remove() }
        try await withFixtureServer(FlagServerConfiguration(root: root)) { server in
            #expect(try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: server.port).status == 200)
            for path in [
                "/flags/us/us.png", "/flags/fr/fr.png", "/flags/fr/metadata.json", "/flags/br/metadata.json",
            ] {
                let response = try await RawHTTPClient.fetch("GET", path, port: server.port)
                #expect(response.status == 404, "\(path)")
                #expect(response.body.firstRange(of: TestFixture.secret) == nil, "\(path)")
            }
        }
    }

    @Test func searchesTheEnvironmentTheWorkingDirectoryThenTheExecutableThenTheSources() {
        let locations = FlagData.searchLocations(
            environment: ["FLAGS_DATA": "/data"],
            currentDirectory: "/cwd",
            executablePath: "/repo/.build/debug/flags-seq",
            sourceFilePath: "/src/Sources/FlagsServer/Data/FlagData+locate.swift"
        )
        #expect(
            locations == [
                "/data", "/cwd/flags-data",
                "/repo/.build/debug/flags-data", "/repo/.build/flags-data", "/repo/flags-data", "/flags-data",
                "/src/Sources/FlagsServer/Data/flags-data", "/src/Sources/FlagsServer/flags-data",
                "/src/Sources/flags-data", "/src/flags-data",
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
        // This build's flags-server (the test bundle's sibling), not `swift run`, which builds debug.
        #expect(message.contains("/flags-server build-data` (run from the repository root)"))
        #expect(!message.contains("swift run"))
    }
}
