import FlagsServer
import Testing

@Suite struct ServerProfileTests {
    @Test(arguments: [
        ("LOCAL", ServerProfile.local), ("local", .local), ("Delay", .delay), ("DELAY", .delay),
        ("error", .error), ("ERROR", .error),
    ])
    func findsStockProfilesByLabelInAnyCase(label: String, profile: ServerProfile) {
        #expect(ServerProfile.named(label) == profile)
    }

    @Test(arguments: [
        ("flaky", ServerProfile.flaky), ("OVERLOADED", .overloaded), ("slow", .slow), ("Hostile", .hostile),
        ("retry", .retry),
    ])
    func findsTheLabPresetsByLabelInAnyCase(label: String, profile: ServerProfile) {
        #expect(ServerProfile.named(label) == profile)
    }

    @Test(arguments: ["", "LOCALS", "slowest", "8000", " LOCAL", "TEST", "CUSTOM"])
    func findsNothingForOtherLabels(label: String) {
        #expect(ServerProfile.named(label) == nil)
    }

    @Test func stockProfilesAreFluentPythons() {
        #expect(ServerProfile.all.map(\.name) == ["LOCAL", "DELAY", "ERROR"])
        #expect(ServerProfile.all.map(\.defaultPort) == [8000, 8001, 8002])
        #expect(ServerProfile.local.delay == .zero)
        #expect(ServerProfile.delay.delay == .fixed(.milliseconds(500)))
        #expect(ServerProfile.error.delay == .fixed(.milliseconds(500)))
        #expect(ServerProfile.all.map(\.errorRate) == [0, 0, 0.25])
    }

    @Test(arguments: [
        (ServerProfile.local, "no delay, no errors"),
        (.delay, "0.5 s delay, no errors"),
        (.error, "0.5 s delay, 25 % answered 418"),
        (
            ServerProfile(
                name: "X", defaultPort: 1, delay: .uniform(.milliseconds(100)...(.seconds(1))),
                errorRate: 0.125),
            "0.1...1 s delay, 12.5 % answered 418"
        ),
    ])
    func summarisesWhatAProfileDoes(profile: ServerProfile, summary: String) {
        #expect(profile.summary == summary)
    }

    @Test func everyPresetIsValidAndHasItsOwnPort() throws {
        for profile in ServerProfile.presets {
            try profile.validate()
        }
        #expect(ServerProfile.presets.map(\.defaultPort) == Array(8000...8007))
        #expect(Set(ServerProfile.presets.map(\.name)).count == ServerProfile.presets.count)
        #expect(ServerProfile.lab.allSatisfy { !$0.about.isEmpty })
    }

    @Test(arguments: [
        (ServerProfile.flaky, "0.05...0.25 s delay, 10 % 503, 5 % 500, 3 % reset, 2 % truncate"),
        (.overloaded, "0.2...0.8 s delay, 5 % 429, max 20 in flight"),
        (.retry, "no delay, first 2 attempts 500"),
        (
            ServerProfile(
                name: "X", defaultPort: 1, delay: .zero,
                faults: [FaultRule(.delay(.fixed(.seconds(1)), .beforeBody), probability: 0.5)]),
            "no delay, 50 % latency:1:body, no errors"
        ),
    ])
    func summarisesTheLabsSettingsToo(profile: ServerProfile, summary: String) {
        #expect(profile.summary == summary)
    }

    @Test(arguments: [
        ("error rate", ServerProfile(name: "X", defaultPort: 0, delay: .zero, errorRate: 2)),
        (
            "add up to 110 %",
            ServerProfile(
                name: "X", defaultPort: 0, delay: .zero, errorRate: 0.5,
                faults: [.fail(.stall, probability: 0.6)])
        ),
        (
            "latencies' probabilities add up to 120 %",
            ServerProfile(
                name: "X", defaultPort: 0, delay: .zero,
                faults: [
                    FaultRule(.delay(.zero, .beforeBody), probability: 0.6),
                    FaultRule(.delay(.zero, .beforeHeaders), probability: 0.6),
                ])
        ),
        (
            "status 200",
            ServerProfile(
                name: "X", defaultPort: 0, delay: .zero, faults: [.fail(.status(200, retryAfter: nil))])
        ),
        ("fail-first -1", ServerProfile(name: "X", defaultPort: 0, delay: .zero, faults: [], failFirst: -1)),
        (
            "fail-with 99",
            ServerProfile(
                name: "X", defaultPort: 0, delay: .zero, faults: [], failWith: .status(99, retryAfter: nil))
        ),
        (
            "max in flight 0",
            ServerProfile(name: "X", defaultPort: 0, delay: .zero, faults: [], maxInFlight: 0)
        ),
        (
            "1 byte/s",
            ServerProfile(
                name: "X", defaultPort: 0, delay: .zero, faults: [.fail(.slowBody(.bytesPerSecond(0)))])
        ),
        (
            "probability 1.5",
            ServerProfile(name: "X", defaultPort: 0, delay: .zero, faults: [.fail(.stall, probability: 1.5)])
        ),
        ("port 70000", ServerProfile(name: "X", defaultPort: 70_000, delay: .zero, errorRate: 0)),
    ])
    func refusesProfilesOutOfRangeNamingTheValue(problem: String, profile: ServerProfile) {
        let error = #expect(throws: FlagServerError.self) { try profile.validate() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains(problem) == true, "\(error?.description ?? "")")
    }
}
