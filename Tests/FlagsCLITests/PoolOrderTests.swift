import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// `flags-pool -v` versus `flags-pool --map -v` against a lab server that holds one flag for an
/// hour (a seeded latency rule) and answers the others at once. The held flag is the first one
/// submitted. The order of the reported lines does not depend on timing: the run ends with Ctrl-C,
/// sent once the three quick flags are reported (as-completed) or answered (map).
@Suite(.timeLimit(.minutes(10))) struct PoolOrderTests {
    /// An hour's latency for some requests, chosen by the seed; none for the rest.
    static let profile: ServerProfile = {
        var profile = ServerProfile(name: "TEST", defaultPort: 0, delay: .zero, errorRate: 0)
        profile.faults = [FaultRule(.delay(.fixed(.seconds(3600)), .beforeHeaders), probability: 0.5)]
        return profile
    }()

    /// A seed and four codes in sorted order whose first is held an hour and whose other three
    /// are answered at once, computed from the server's planned delays.
    static func heldFirst() -> (seed: UInt64, codes: [String])? {
        let candidates = ["BD", "BR", "CD", "CN", "DE", "EG", "ET", "ID", "IN", "IR"]
        for seed in UInt64(1)...1000 {
            let planner = RequestPlanner(seed: seed, profile: profile)
            let held = candidates.map { planner.plan(code: $0, resource: .image, attempt: 1).delay > .zero }
            guard held[0], held.dropFirst().filter({ !$0 }).count >= 3 else { continue }
            let quick = zip(candidates, held).dropFirst().filter { !$0.1 }.prefix(3).map(\.0)
            return (seed, [candidates[0]] + quick)
        }
        return nil
    }

    /// The codes of the per-flag lines (`BR OK…`, `BR cancelled`), in the order printed.
    static func reported(_ text: String, among codes: [String]) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 2, codes.contains(String(words[0])) else { return nil }
            return String(words[0])
        }
    }

    @Test(arguments: [false, true])
    func mapReportsInSubmissionOrderAndTheDefaultInCompletionOrder(map: Bool) async throws {
        let (seed, codes) = try #require(Self.heldFirst(), "no seed holds only the first code")
        let (held, quick) = (codes[0], Array(codes.dropFirst()))
        let configuration = FlagServerConfiguration(
            profile: Self.profile, seed: seed, root: ReferenceFlags.root)
        try await withFlagServer(configuration) { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            // --json sends the -v lines to stderr, the session's terminal.
            let session = try TerminalSession(
                Client.pool.executable,
                ["-s", server.baseURL, "-o", output.path, "-v", "--json", "--timeout", "3600"]
                    + ["--connect-timeout", "3600"] + (map ? ["--map"] : []) + codes)
            if map {
                // Three answered, the held one still held: map reports nothing yet.
                await server.waitUntil { $0.byOutcome["ok", default: 0] == 3 && $0.inFlight == 1 }
            } else {
                let sawQuick = await onOwnThread {
                    session.waitFor(timeout: .seconds(300)) { text in
                        Set(Self.reported(text, among: codes)) == Set(quick)
                    }
                }
                #expect(sawQuick, "\(session.text)")
            }
            session.signal(SIGINT)
            let status = await onOwnThread { session.wait() }
            let text = session.text
            #expect(status == 130, "\(text)")
            let order = Self.reported(text, among: codes)
            if map {
                #expect(order == codes, "submission order, the held flag first:\n\(text)")
                #expect(!text.contains("Scheduled for"), "map shows no futures")
            } else {
                #expect(
                    order.count == 4 && order.last == held, "completion order, the held flag last:\n\(text)")
                #expect(text.contains("Scheduled for \(held): <Future #1 state=pending>"), "\(text)")
            }
            #expect(text.contains("\(held) cancelled"), "\(text)")
        }
    }
}
