import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// Every client against a seeded fault lab: the lab says in advance what each code will get, and
/// each client's report must agree with it exactly, code by code.
@Suite struct LabAccountingTests {
    /// Faults that a client sees as one kind, whatever connection they arrive on. Left out: a reset
    /// before any byte (libcurl quietly retries such a request once on a new connection when the
    /// old one was reused, so the lab would count a second attempt), and stalls (they need a short
    /// client timeout, which a loaded machine can also hit; StrategyTests covers them).
    static let faults = ["418@8%", "500@8%", "503:none@8%", "truncate@8%", "reset:mid-body@8%"]

    @Test(arguments: Client.allCases)
    func theReportMatchesWhatTheLabSaidItWouldServe(client: Client) async throws {
        let profile = ServerProfile(
            name: "ACCOUNTING",
            defaultPort: 0,
            delay: .zero,
            faults: try Self.faults.map { try FaultRule(parsing: $0) }
        )
        let configuration = FlagServerConfiguration(profile: profile, seed: 2024, root: ReferenceFlags.root)
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let codes = Array(CountryCodes.every.prefix(150))

        var expectedFailures: [String: String] = [:]
        var expectedOK = 0
        var expectedNotFound = 0
        let result = try await withFlagServer(configuration) { server in
            for code in codes {
                let plan = try #require(server.expectation(code: code, attempt: 1))
                switch plan.outcome {
                case "ok": expectedOK += 1
                case "not_found": expectedNotFound += 1
                case "truncated": expectedFailures[code] = "truncated"
                case "reset_mid_body": expectedFailures[code] = "reset"
                case let status where status.hasPrefix("http_"): expectedFailures[code] = status
                default: Issue.record("\(code): unexpected plan \(plan.outcome)")
                }
            }
            return try await client.run(
                ["-s", server.baseURL, "-o", output.path, "-m", "30", "--json"] + codes)
        }
        #expect(expectedFailures.count > 20, "the seed should give a good mix of faults")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let failures = try #require(json["failures"] as? [[String: String]])
        let reported = Dictionary(uniqueKeysWithValues: failures.map { ($0["code"] ?? "", $0["kind"] ?? "") })
        #expect(reported == expectedFailures)
        #expect(json["ok"] as? Int == expectedOK)
        #expect(json["not_found"] as? Int == expectedNotFound)
        #expect(json["errors"] as? Int == expectedFailures.count)
        #expect(json["balanced"] as? Bool == true)
        #expect(result.status == 1)
        #expect(output.contents().count == expectedOK, "only the good flags are saved")
    }

    @Test(arguments: Client.allCases)
    func aFailFirstTwoDrillIsWonWithThreeRetries(client: Client) async throws {
        let profile = ServerProfile(
            name: "DRILL",
            defaultPort: 0,
            delay: .zero,
            faults: [],
            failFirst: 2,
            failWith: .status(500, retryAfter: nil)
        )
        let configuration = FlagServerConfiguration(profile: profile, seed: 1, root: ReferenceFlags.root)
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let codes = ["BR", "CN", "IN", "US", "ZZ"]
        let (result, stats) = try await withFlagServer(configuration) { server in
            let arguments = [
                "-s", server.baseURL, "-o", output.path, "--retries", "3", "--server-stats", "--json",
            ]
            return (try await client.run(arguments + codes), server.stats)
        }
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Int == 4)
        #expect(json["not_found"] as? Int == 1)
        #expect(
            json["attempts"] as? Int == 15, "three attempts per code, 404 included: it failed twice first")
        #expect(stats.attempts == Dictionary(uniqueKeysWithValues: codes.map { ($0, 3) }))
        let serverMax = try #require(
            json["server_max_in_flight"] as? Int, "--server-stats reports the server's view")
        #expect(client == .seq ? serverMax == 1 : (1...5).contains(serverMax))
    }
}
