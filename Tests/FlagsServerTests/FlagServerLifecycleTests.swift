import FlagsServer
import Foundation
import Testing

@Suite struct FlagServerLifecycleTests {
    @Test func portZeroBindsAFreePortAndReportsIt() async throws {
        try await withFixtureServer { server in
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)/flags")
            #expect(server.root == TestFixture.shared.root)
            let response = try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: server.port)
            #expect(response.status == 200)
        }
    }

    @Test func shutdownStopsListeningAndCanBeRepeated() async throws {
        let server = try await FlagServer.start(
            FlagServerConfiguration(root: TestFixture.shared.root, quiet: true))
        let port = server.port
        #expect(try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: port).status == 200)
        await server.shutdown()
        await server.shutdown()
        await #expect(throws: RawHTTPClient.Failure.self) {
            try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: port)
        }
    }

    @Test func concurrentShutdownsAllReturn() async throws {
        let server = try await FlagServer.start(
            FlagServerConfiguration(root: TestFixture.shared.root, quiet: true))
        await withTaskGroup(of: Void.self) { group in
            for _ in 1...4 {
                group.addTask { await server.shutdown() }
            }
        }
    }

    @Test func aPortInUseIsNamedInTheError() async throws {
        try await withFixtureServer { server in
            let error = await #expect(throws: FlagServerError.self) {
                try await withFixtureServer(FlagServerConfiguration(port: server.port)) { _ in }
            }
            #expect(error?.code == .portInUse)
            #expect(
                error?.description
                    == "port \(server.port) on 127.0.0.1 is already in use; stop the other server or pick another --port"
            )
        }
    }

    @Test func anUnknownHostIsAnError() async throws {
        let error = await #expect(throws: FlagServerError.self) {
            try await withFixtureServer(FlagServerConfiguration(host: "no-such-host.invalid")) { _ in }
        }
        #expect(error?.code == .cannotListen)
        #expect(error?.description.contains("no-such-host.invalid") == true)
    }

    @Test(arguments: [
        FlagServerConfiguration(port: 70_000),
        FlagServerConfiguration(port: -1),
        FlagServerConfiguration(host: ""),
        FlagServerConfiguration(
            profile: ServerProfile(name: "X", defaultPort: 0, delay: .zero, errorRate: 1.5)),
        FlagServerConfiguration(
            profile: ServerProfile(name: "X", defaultPort: 0, delay: .zero, errorRate: -0.1)),
        FlagServerConfiguration(
            profile: ServerProfile(name: "X", defaultPort: 0, delay: .fixed(.seconds(-1)), errorRate: 0)),
    ])
    func outOfRangeSettingsAreRefused(configuration: FlagServerConfiguration) async throws {
        let error = await #expect(throws: FlagServerError.self) {
            try await withFixtureServer(configuration) { _ in }
        }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func missingDataNamesTheCommandThatBuildsIt() async throws {
        let empty = FileManager.default.temporaryDirectory.path + "/flags-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty + "/flags", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }

        for root in [empty, empty + "/nowhere", "/dev/null"] {
            let error = await #expect(throws: FlagServerError.self) {
                try await withFixtureServer(FlagServerConfiguration(root: root)) { _ in }
            }
            #expect(error?.code == .dataMissing)
            #expect(error?.description.contains("/flags-server build-data") == true)
            #expect(error?.description.contains("swift run") == false)
            #expect(error?.description.contains(root) == true)
        }
    }
}
