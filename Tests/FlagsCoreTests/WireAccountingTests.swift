import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Testing

/// Attempts are what the wire saw: every request a client sends is one it counts, so the server's
/// request count equals the clients' attempts, code by code, and a seeded lab gives the same
/// outcomes run after run (its faults are a function of seed, code, file and attempt number).
///
/// The profile leans on `reset:before`: on a kept-alive connection libcurl would quietly resend
/// such a request on a new connection, a request the client never counted.
@Suite struct WireAccountingTests {
    static let faults = ["reset:before@15%", "reset:mid-body@5%", "truncate@5%", "500@5%", "418@5%"]
    static let codes = Array(CountryCodes.all.prefix(60))

    struct Case: Sendable, CustomStringConvertible {
        var strategy: Strategy
        var retries: Int
        var description: String { "\(strategy) --retries \(retries)" }
    }

    static let cases = Strategy.allCases.flatMap { strategy in
        [0, 3].map { Case(strategy: strategy, retries: $0) }
    }

    /// An outcome without curl's wording: `ok`, `not_found`, `cancelled` or the failure's kind.
    static func key(_ outcome: Outcome) -> String {
        switch outcome {
        case .ok: "ok"
        case .notFound: "not_found"
        case .cancelled: "cancelled"
        case .failed(let failure): failure.kind.key
        }
    }

    @Test(arguments: cases)
    func attemptsEqualTheServersRequestsAndRepeatRunsAgree(_ test: Case) async throws {
        let profile = ServerProfile(
            name: "WIRE",
            defaultPort: 0,
            delay: .zero,
            faults: try Self.faults.map { try FaultRule(parsing: $0) }
        )
        let configuration = FlagServerConfiguration(profile: profile, seed: 42, root: ReferenceFlags.root)
        let settings = DownloadSettings(
            client: .roomy, retries: test.retries, backoff: .milliseconds(2), maxBackoff: .milliseconds(10))
        try await withFlagServer(configuration) { server in
            var outcomes: [[String: String]] = []
            for _ in 0..<2 {
                _ = server.resetStats()  // attempt numbers start again at 1: the same faults
                let (downloader, directory) = try makeDownloader(server.baseURL, settings: settings)
                defer { directory.remove() }
                let observer = RecordingObserver()
                let tally = try await test.strategy.run(
                    Self.codes, downloader: downloader, maxConcurrency: 8, observer: observer)
                let stats = server.stats
                let attempts = Dictionary(
                    uniqueKeysWithValues: observer.results.map { ($0.code, $0.attempts) })
                #expect(tally.attempts == stats.requests, "the client counted every request the server got")
                #expect(attempts == stats.attempts, "code by code")
                outcomes.append(
                    Dictionary(uniqueKeysWithValues: observer.results.map { ($0.code, Self.key($0.outcome)) })
                )
            }
            #expect(outcomes[0] == outcomes[1], "a seeded lab gives the same outcomes every run")
            let resets = outcomes[0].values.filter { $0 == "reset" }.count
            #expect(test.retries > 0 || resets > 3, "the seed should give resets to count")
        }
    }
}
