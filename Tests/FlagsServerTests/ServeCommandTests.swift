import ArgumentParser
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

@testable import FlagsServerCLI

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
        (["--max-in-flight", "0"], "--max-in-flight 0 is not in 1...1000000"),
        (
            ["--max-in-flight", "9223372036854775807"],
            "--max-in-flight 9223372036854775807 is not in 1...1000000"
        ),
        // Huge, infinite and NaN values are refused before any conversion (they used to trap).
        (["--profile", "LOCAL", "--delay", "1e10"], "--delay '1e10' is not seconds"),
        (["--profile", "LOCAL", "--delay", "inf"], "in 0...3600"),
        (["--profile", "LOCAL", "--delay", "nan"], "--delay 'nan' is not seconds"),
        (["--profile", "LOCAL", "--delay", "1±1e300"], "--delay '1±1e300' is not seconds"),
        (["--profile", "LOCAL", "--delay", "0...1e19"], "--delay '0...1e19' is not seconds"),
        (["--profile", "LOCAL", "--fault", "slow:4x1e10@1%"], "'4x1e10' is not a pace"),
        (["--profile", "LOCAL", "--fault", "slow:99999999999999999999"], "is not a pace"),
        (["--profile", "LOCAL", "--fault", "slow:1000000001"], "1...1000000000"),
        (["--profile", "LOCAL", "--fault", "latency:1e300@1%"], "'1e300' is not a delay"),
        (["--profile", "LOCAL", "--fault", "latency:1e10:body"], "in 0...3600 s"),
        (["--profile", "LOCAL", "--fault", "503@1e400%"], "is not a probability"),
        (["--profile", "LOCAL", "--fault", "429:99999999999999999999"], "Retry-After"),
        (["--profile", "LOCAL", "--fail-with", "slow:4x1e10"], "--fail-with: fault 'slow:4x1e10'"),
        (["--profile", "LOCAL", "--error-rate", "nan"], "--error-rate nan is not in 0...1"),
        (["--profile", "LOCAL", "--error-rate", "1e300"], "is not in 0...1"),
        (["--idle-timeout", "0.0001"], "--idle-timeout 0.0001 is not seconds in 0.001...3600"),
        (["--grace", "inf"], "--grace inf is not seconds"),
        (["--grace", "nan"], "--grace nan is not seconds"),
        (["--header-timeout", "1e300"], "--header-timeout 1e+300 is not seconds"),
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

    /// The executable itself: the repros of issue 10 exited 132 (a trap) instead of 64.
    @Test(arguments: [
        ["--profile", "LOCAL", "--delay", "1e10"],
        ["--profile", "LOCAL", "--fault", "slow:4x1e10@1%"],
        ["--profile", "LOCAL", "--fault", "latency:1e300"],
        ["--grace", "1e300"],
    ])
    func hugeValuesAreUsageErrorsOfTheExecutable(arguments: [String]) async throws {
        let output = try await onOwnThread { try BuiltExecutable("flags-server").run(arguments) }
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.signal == nil)
        #expect(output.stderr.contains(arguments[arguments.count - 2]), "\(output.stderr)")
    }

    @Test func aProfileFileWithAHugeDelayIsAUsageErrorNamingTheField() async throws {
        let path = FileManager.default.temporaryDirectory.path + "/flags-serve-\(UUID().uuidString).json"
        try Data(#"{"delay": 1e10}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try await onOwnThread {
            try BuiltExecutable("flags-server").run(["--profile-file", path])
        }
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("delay '10000000000.0'"), "\(output.stderr)")
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
        try await withFixtureServer(FlagServerConfiguration(profile: .retry)) { server in
            for _ in 1...3 { _ = await CurlResult.fetch(server.baseURL + "/br/br.png") }
            await server.waitUntil { $0.inFlight == 0 }
            let line = Serve.statsLine(server)
            #expect(line.hasPrefix("RETRY  3 requests (http_500 2, ok 1); max in flight 1; "))
        }
    }
}
