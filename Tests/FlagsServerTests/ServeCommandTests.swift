import ArgumentParser
import FlagsServer
import Foundation
import Testing

@testable import FlagsCLI

/// `flags-server serve` as the executable parses it: options become configurations, bad input
/// becomes a usage error (exit 64) that names the problem.
@Suite struct ServeCommandTests {
    private typealias Serve = FlagsServerCommand.Serve

    private static func configurations(_ arguments: [String]) throws -> [FlagServerConfiguration] {
        try Serve.parse(arguments).configurations(seed: 9)
    }

    @Test func withoutAProfileItServesFluentPythonsThree() throws {
        let configurations = try Self.configurations([])
        #expect(configurations.map(\.profile) == ServerProfile.all)
        #expect(configurations.map(\.port) == [8000, 8001, 8002])
        #expect(configurations.allSatisfy { $0.seed == 9 && $0.idleTimeout == .seconds(60) })
    }

    @Test func optionsBuildTheProfileOnTopOfThePreset() throws {
        let configuration = try #require(
            try Self.configurations([
                "--profile", "delay", "--delay", "0.5±0.1", "--fault", "503@10%", "--fault",
                "reset:mid-body@2%",
                "--fail-first", "2", "--fail-with", "500", "--max-in-flight", "7", "--port", "0",
                "--idle-timeout", "5", "--header-timeout", "1.5", "--max-header-bytes", "4096", "--grace",
                "0.5",
                "--lab-from-any-host",
            ]
            ).first)
        let profile = configuration.profile
        #expect(profile.name == "DELAY")
        #expect(profile.delay == .uniform(.milliseconds(400)...(.milliseconds(600))))
        #expect(
            profile.faults == [
                .fail(.status(503, retryAfter: 1), probability: 0.1),
                .fail(.reset(.midBody), probability: 0.02),
            ])
        #expect(profile.failFirst == 2 && profile.failWith == .status(500, retryAfter: nil))
        #expect(profile.maxInFlight == 7)
        #expect(configuration.port == 0)
        #expect(
            configuration.idleTimeout == .seconds(5) && configuration.headerTimeout == .milliseconds(1_500))
        #expect(configuration.maxHeaderBytes == 4096 && configuration.shutdownGrace == .milliseconds(500))
        #expect(configuration.labFromAnyHost)
    }

    @Test func aLabPresetServesOnItsOwnPortAndFaultsAddToItsCatalogue() throws {
        let configuration = try #require(
            try Self.configurations(["--profile", "FLAKY", "--fault", "stall@1%"]).first)
        #expect(configuration.port == 8003)
        #expect(
            configuration.profile.faults == ServerProfile.flaky.faults + [.fail(.stall, probability: 0.01)])
    }

    @Test func maxInFlightAppliesToEveryServer() throws {
        #expect(try Self.configurations(["--max-in-flight", "3"]).allSatisfy { $0.profile.maxInFlight == 3 })
    }

    @Test func aProfileFileIsServedWithTheOptionsOnTop() throws {
        let path = FileManager.default.temporaryDirectory.path + "/flags-serve-\(UUID().uuidString).json"
        try Data(#"{"base": "hostile", "name": "talk", "port": 9100}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try #require(
            try Self.configurations(["--profile-file", path, "--delay", "0"]).first)
        #expect(configuration.profile.name == "TALK" && configuration.port == 9100)
        #expect(configuration.profile.faults == ServerProfile.hostile.faults)
        #expect(configuration.profile.delay == .zero)
    }

    @Test(arguments: [
        (["--profile", "nope"], "unknown profile 'nope': use LOCAL, DELAY, ERROR, FLAKY"),
        (["--profile", "LOCAL", "--profile-file", "x.json"], "use one"),
        (["--profile-file", "/nonexistent/lab.json"], "profile file /nonexistent/lab.json: cannot be read"),
        (["--fault", "503"], "--fault changes one server: add --profile"),
        (["--fail-first", "1"], "--fail-first changes one server"),
        (["--profile", "LOCAL", "--fault", "bogus"], "--fault: fault 'bogus': unknown fault 'bogus'"),
        (["--profile", "LOCAL", "--fault", "503@60%", "--fault", "500@60%"], "add up to 120 %"),
        (["--profile", "ERROR", "--fault", "503@80%"], "add up to 105 %"),
        (["--profile", "LOCAL", "--fail-with", "latency:1"], "--fail-with: fault 'latency:1'"),
        (["--profile", "LOCAL", "--fail-first=-1"], "--fail-first -1 is not in 0...1000"),
        (["--max-in-flight", "0"], "--max-in-flight 0 is not at least 1"),
        (["--profile", "LOCAL", "--delay", "soon"], "--delay 'soon' is not seconds"),
        (["--profile", "LOCAL", "--error-rate", "2"], "--error-rate 2.0 is not in 0...1"),
        (["--profile", "LOCAL", "--port", "70000"], "--port 70000 is not a port"),
        (["--idle-timeout", "0"], "--idle-timeout 0.0 is not seconds"),
        (["--header-timeout=-1"], "--header-timeout -1.0 is not seconds"),
        (["--grace", "9999"], "--grace 9999.0 is not seconds"),
        (["--max-header-bytes", "10"], "--max-header-bytes 10 is not in 256...1048576"),
        (["--host", ""], "--host is empty"),
    ])
    func badOptionsAreUsageErrorsNamingTheProblem(arguments: [String], problem: String) {
        do {
            _ = try Serve.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(FlagsServerCommand.exitCode(for: error) == .validationFailure)
            let message = FlagsServerCommand.message(for: error)
            #expect(message.contains(problem), "\(message)")
        }
    }

    @Test func listProfilesShowsEveryProfileWithItsNumbers() throws {
        let text = Serve.profileList()
        for profile in ServerProfile.presets {
            #expect(text.contains("\(profile.name)"))
            #expect(text.contains(":\(profile.defaultPort)  \(profile.summary)"))
        }
        #expect(text.contains("= --profile LOCAL --delay 0.5 --error-rate 0.25\n"))
        #expect(text.contains("--fault 503@10% --fault 500@5% --fault reset@3% --fault truncate@2%"))
        #expect(text.contains("--fail-first 2 --fail-with 500"))
        #expect(text.contains("--max-in-flight 20"))
        // --list-profiles needs nothing else and ignores what would otherwise be refused.
        #expect(throws: Never.self) { try Serve.parse(["--list-profiles", "--fault", "503"]) }
    }

    @Test func theOptionsAListingShowsRebuildEachPreset() throws {
        for preset in ServerProfile.presets {
            var rebuilt = try #require(
                try Self.configurations(["--profile", "LOCAL"] + preset.options).first
            ).profile
            rebuilt.name = preset.name
            rebuilt.defaultPort = preset.defaultPort
            rebuilt.about = preset.about
            #expect(rebuilt == preset)
        }
    }

    @Test func helpNamesEveryNewOptionWithItsDefault() {
        // Words as a reader sees them, whatever the terminal width wrapped.
        let help = Serve.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in [
            "--fault", "--fail-first", "--fail-with", "--max-in-flight", "--profile-file", "--list-profiles",
            "--idle-timeout", "--header-timeout", "--max-header-bytes", "--grace", "--lab-from-any-host",
        ] {
            #expect(help.contains(option), "\(option)")
        }
        for defaultValue in [
            "--idle-timeout <S> Close connections idle this many seconds. (default: 60.0)", "(default: 10.0)",
            "(default: 16384)", "(default: 2.0)", "(default: 503)", "(default: 0)", "(default: none)",
        ] {
            #expect(help.contains(defaultValue), "\(defaultValue)")
        }
    }

    @Test func aStoppedServersStatsFitOnOneLine() async throws {
        try await withFlagServer(FlagServerConfiguration(profile: .retry)) { server in
            for _ in 1...3 { _ = await CurlResult.fetch(server.baseURL + "/br/br.png") }
            await server.waitUntil { $0.inFlight == 0 }
            let line = Serve.statsLine(server)
            #expect(line.hasPrefix("RETRY  3 requests (http_500 2, ok 1); max in flight 1; "))
        }
    }
}
