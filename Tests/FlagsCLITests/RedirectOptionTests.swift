import FlagsCore
import FlagsServer
import FlagsTestSupport
import Foundation
import Testing

/// `--max-redirects` on the built clients: its bounds, and every hop in `-v` and `--json` counted
/// as the lab counted it.
@Suite struct RedirectOptionTests {
    @Test(
        arguments: Client.allCases.flatMap { client in
            [("21", "(got 21)"), ("-1", "(got -1)"), ("9223372036854775807", "(got 9223372036854775807)")]
                .map { (client, $0.0, $0.1) }
        })
    func maxRedirectsOutsideZeroToTwentyIsAUsageError(client: Client, value: String, got: String) async throws
    {
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run(["--max-redirects=\(value)", "-o", output.file("never"), "BR"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--max-redirects must be between 0 and 20 \(got)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.file("never")))
    }

    @Test(arguments: Client.allCases)
    func everyHopIsShownAndCountedAsTheLabSawIt(client: Client) async throws {
        let profile = ServerProfile(
            name: "LOOP", defaultPort: 0, delay: .zero, faults: [try FaultRule(parsing: "redirect:loop")])
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let codes = ["BR", "CN", "IN"]
        let (result, requests) = try await withFlagServer(
            FlagServerConfiguration(profile: profile, seed: 3, root: ReferenceFlags.root)
        ) { server in
            let result = try await client.run(
                ["-s", server.baseURL, "-o", output.path, "--max-redirects", "2", "--json", "-v"] + codes)
            return (result, server.stats.requests)
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["attempts"] as? Int == 9)
        #expect(requests == 9, "three requests per code: the first and two hops")
        #expect(json["error_kinds"] as? [String: Int] == ["redirect": 3])
        #expect(result.status == 1)
        // `-v` lines go to stderr when stdout carries the JSON.
        let brazil = result.stderr.split(separator: "\n").first { $0.hasPrefix("BR ") } ?? ""
        #expect(brazil.contains("(3 attempts) via 2 redirects to http://127.0.0.1:"), "\(result.stderr)")
        #expect(brazil.contains("HTTP 302 after 2 redirects: the --max-redirects limit"), "\(brazil)")
    }
}
