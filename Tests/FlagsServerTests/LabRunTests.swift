import FlagsCore
import FlagsServer
import FlagsShared
import Foundation
import Testing

/// Whole runs against a mix of faults: the same seed gives the same run, `/_lab/expect` says
/// what is served, and `/_lab/stats` counts what the client saw.
@Suite(.timeLimit(.minutes(5))) struct LabRunTests {
    /// Every failure a client can tell apart quickly (no stalls or slow bodies), a third of requests.
    private static func mix(seed: UInt64) throws -> FlagServerConfiguration {
        var profile = ServerProfile.local
        profile.name = "MIX"
        profile.faults = try ["503@8%", "429:2@5%", "500@5%", "reset@5%", "reset:mid-body@5%", "truncate@5%"]
            .map { try FaultRule(parsing: $0) }
        return FlagServerConfiguration(profile: profile, seed: seed)
    }

    private static let codes = CountryCodes.pop20.map { $0.lowercased() } + ["zz"]

    /// What a client sees for an expectation: a status, or the kind of failure.
    private static func clientView(_ expectation: LabExpectation) -> String {
        switch expectation.outcome {
        case "reset", "reset_mid_body": "\(TransferError.Kind.reset)"
        case "truncated": "\(TransferError.Kind.truncated)"
        case "stall": "\(TransferError.Kind.timeout)"
        default: "HTTP \(expectation.status ?? 0)"
        }
    }

    private static func clientView(_ result: CurlResult) -> String {
        switch result {
        case .response(let response): "HTTP \(response.status)"
        case .failure(let kind): "\(kind)"
        }
    }

    /// Fetches every code's image `attempts` times, code after code, with a fresh client each time.
    private static func run(_ server: FlagServer, attempts: Int) async -> [String] {
        var seen: [String] = []
        for code in codes {
            for _ in 1...attempts {
                seen.append(clientView(await CurlResult.fetch("\(server.baseURL)/\(code)/\(code).png")))
            }
        }
        return seen
    }

    @Test func theSameSeedGivesTheSameRunAndAnotherSeedAnother() async throws {
        let first = try await withFixtureServer(try Self.mix(seed: 2024)) { await Self.run($0, attempts: 3) }
        let second = try await withFixtureServer(try Self.mix(seed: 2024)) { await Self.run($0, attempts: 3) }
        let other = try await withFixtureServer(try Self.mix(seed: 2025)) { await Self.run($0, attempts: 3) }
        #expect(first == second)
        #expect(first != other)
        // The mix shows up: successes and failures of several kinds.
        #expect(Set(first).count >= 4, "\(Set(first))")
    }

    @Test func expectSaysWhatEachNextRequestGets() async throws {
        try await withFixtureServer(try Self.mix(seed: 77)) { server in
            var disagreements: [String] = []
            for code in Self.codes {
                for _ in 1...3 {
                    let expected = try await Self.expect(server, query: "codes=\(code.uppercased())")
                    let entry = try #require(expected[code.uppercased()])
                    let seen = Self.clientView(
                        await CurlResult.fetch("\(server.baseURL)/\(code)/\(code).png"))
                    if Self.clientView(entry) != seen {
                        disagreements.append(
                            "\(code) #\(entry.attempt): expected \(Self.clientView(entry)), saw \(seen)")
                    }
                }
            }
            #expect(disagreements.isEmpty)
        }
    }

    @Test func expectForAnAttemptAgreesWithTheRunAndTheStatsCountIt() async throws {
        try await withFixtureServer(try Self.mix(seed: 5)) { server in
            // Asked before the run, for attempts 1 and 2 of every code at once.
            let query = "codes=" + Self.codes.map { $0.uppercased() }.joined(separator: ",")
            let firsts = try await Self.expect(server, query: query + "&attempt=1")
            let seconds = try await Self.expect(server, query: query + "&attempt=2")
            let seen = await Self.run(server, attempts: 2)
            let predicted = Self.codes.flatMap { code in
                [firsts[code.uppercased()]!, seconds[code.uppercased()]!].map(Self.clientView)
            }
            #expect(seen == predicted)

            await server.waitUntil { $0.inFlight == 0 }
            let stats = server.stats
            #expect(stats.requests == Self.codes.count * 2)
            #expect(stats.inFlight == 0)
            #expect(
                stats.attempts == Dictionary(uniqueKeysWithValues: Self.codes.map { ($0.uppercased(), 2) }))
            var predictedOutcomes: [String: Int] = [:]
            for entry in Array(firsts.values) + Array(seconds.values) {
                predictedOutcomes[entry.outcome, default: 0] += 1
            }
            #expect(stats.byOutcome == predictedOutcomes)
        }
    }

    /// `GET /_lab/expect?query`, decoded.
    static func expect(_ server: FlagServer, query: String) async throws -> [String: LabExpectation] {
        let result = await CurlResult.fetch("\(server.labURL)/expect?\(query)")
        guard case .response(let response) = result, response.status == 200 else {
            throw RawHTTPClient.Failure(description: "expect?\(query): \(result)")
        }
        struct Answer: Decodable { let expect: [String: LabExpectation] }
        return try JSONDecoder().decode(Answer.self, from: Data(response.body)).expect
    }
}
