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

    @Test(arguments: ["", "LOCALS", "slow", "8000", " LOCAL"])
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
}
