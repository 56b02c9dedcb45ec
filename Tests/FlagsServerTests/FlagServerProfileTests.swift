import FlagsCore
import FlagsServer
import FlagsShared
import Testing

@Suite struct FlagServerProfileTests {
    /// ERROR's error rate without its delay, so tests run at full speed.
    private static func teapots(rate: Double) -> ServerProfile {
        var profile = ServerProfile.error
        profile.delay = .zero
        profile.errorRate = rate
        return profile
    }

    private static let codes = CountryCodes.pop20.map { $0.lowercased() } + ["zz"]

    /// The statuses of `attempts` requests per code, code after code, attempt after attempt.
    private static func statuses(_ server: FlagServer, attempts: Int) async throws -> [Int] {
        var statuses: [Int] = []
        for code in codes {
            for _ in 1...attempts {
                statuses.append(
                    try await RawHTTPClient.fetch("GET", "/flags/\(code)/\(code).png", port: server.port)
                        .status)
            }
        }
        return statuses
    }

    @Test func localServesEveryRequest() async throws {
        try await withFixtureServer(FlagServerConfiguration(profile: .local)) { server in
            let statuses = try await Self.statuses(server, attempts: 2)
            #expect(Set(statuses.dropLast(2)) == [200])
            #expect(statuses.suffix(2) == [404, 404])
        }
    }

    @Test func errorRateOneAnswersEveryRequest418() async throws {
        try await withFixtureServer(FlagServerConfiguration(profile: Self.teapots(rate: 1))) { server in
            let statuses = try await Self.statuses(server, attempts: 2)
            #expect(Set(statuses) == [418])
            let response = try await RawHTTPClient.fetch("GET", "/flags/br/metadata.json", port: server.port)
            #expect(response.body == Array("418 I'm a teapot\n".utf8))
        }
    }

    @Test func errorRateZeroAnswersNone418() async throws {
        try await withFixtureServer(FlagServerConfiguration(profile: Self.teapots(rate: 0))) { server in
            let statuses = try await Self.statuses(server, attempts: 3)
            #expect(!statuses.contains(418))
        }
    }

    @Test func theSameSeedFailsTheSameRequestsOnEveryRun() async throws {
        let configuration = FlagServerConfiguration(profile: Self.teapots(rate: 0.5), seed: 1_234)
        let first = try await withFixtureServer(configuration) { try await Self.statuses($0, attempts: 3) }
        let second = try await withFixtureServer(configuration) { try await Self.statuses($0, attempts: 3) }
        #expect(first == second)
        #expect(first.contains(418) && first.contains(200))

        // …and they are exactly the ones the planner predicts.
        let planner = RequestPlanner(seed: 1_234, profile: Self.teapots(rate: 0.5))
        let predicted = Self.codes.flatMap { code in
            (1...3).map { attempt in
                planner.plan(code: code, resource: .image, attempt: attempt).fault == .teapot
                    ? 418 : (code == "zz" ? 404 : 200)
            }
        }
        #expect(first == predicted)

        var reseeded = configuration
        reseeded.seed = 4_321
        let third = try await withFixtureServer(reseeded) { try await Self.statuses($0, attempts: 3) }
        #expect(third != first)
    }

    @Test func withoutASeedTheServerPicksOneAndSaysWhich() async throws {
        let seeds = try await withFixtureServer { first in
            try await withFixtureServer { second in [first.seed, second.seed] }
        }
        #expect(seeds[0] != seeds[1])
        let chosen = try await withFixtureServer(FlagServerConfiguration(seed: 77)) { $0.seed }
        #expect(chosen == 77)
    }
}
