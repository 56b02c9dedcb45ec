import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

@Suite struct StopTests {
    @Test(arguments: Client.allCases)
    func ctrlCCancelsInFlightPrintsThePartialReportAndExits130(client: Client) async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        // The first two flags arrive, every later request hangs.
        let server = try ScriptedHTTPServer { request in
            request.index < 2 ? .respond(status: 200, body: png) : .stall
        }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let inFlight = client == .seq ? 1 : 5
        // No client timeout can fire before the Ctrl-C, however slowly a loaded machine gets there;
        // the wait is for the server's event, its timeout only a safety net.
        let running = try client.executable.start([
            "-s", server.baseURL, "-o", output.path, "-m", "5", "-a", "-l", "30", "--timeout", "3600",
        ])
        #expect(await onOwnThread { server.waitForRequests(2 + inFlight, timeout: .seconds(600)) })
        running.signal(SIGINT)
        let result = await onOwnThread { running.wait() }
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stdout.contains("  2 flags downloaded."))
        #expect(result.stdout.contains(" 28 cancelled."))
        #expect(result.stdout.contains("Interrupted"))
        #expect(result.stderr.contains("Stopping"))
        #expect(
            output.contents().count == 2,
            "two complete flags, no partial or temporary file: \(output.contents())")
        #expect(output.contents().allSatisfy { !$0.hasPrefix(".") })
        #expect(server.requestCount == 2 + inFlight, "no transfer started after Ctrl-C")
    }

    @Test(arguments: Client.allCases)
    func theDeadlineStopsTheRunWithExit124(client: Client) async throws {
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run([
            "-s", server.baseURL, "-o", output.path, "--deadline", "0.3", "--timeout", "3600", "--json",
        ])
        #expect(result.status == 124)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["cancelled"] as? Int == 20)
        #expect(json["stopped"] as? String == "deadline")
        #expect(output.contents() == [])
    }

    @Test func aWriteKilledMidwayLeavesNoFlagFileAndTheNextRunCleansUp() async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let seq = BuiltExecutable("flags-seq")
            // Files may not grow past 10 000 bytes: the write of BR.png (31 141 bytes) is cut and the
            // kernel kills the process (SIGXFSZ) in the middle of it.
            let killed = try await onOwnThread {
                try BuiltExecutable("prlimit").run([
                    "--fsize=10000", seq.path, "-s", server.baseURL, "-o", output.path, "BR",
                ])
            }
            #expect(killed.status != 0)
            #expect(!output.contents().contains("BR.png"))
            let again = try await onOwnThread {
                try seq.run(["-s", server.baseURL, "-o", output.path, "BR"])
            }
            #expect(again.status == 0)
            #expect(output.contents() == ["BR.png"], "the killed run's temporary file is gone")
        }
    }

    @Test func aPoolAskedForMoreThreadsThanTheSystemGivesSaysSoAndRunsWhatItGot() async throws {
        try await withFlagServer(delay: .fixed(.milliseconds(300))) { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await Client.pool.run([
                "-s", server.baseURL, "-o", output.path, "-e", "-l", "300", "-m", "300", "--json",
                "--timeout", "3600", "--connect-timeout", "3600",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let concurrency = try #require(json["concurrency"] as? Int)
            #expect(json["max_in_flight"] as? Int == concurrency, "the pool reports what it delivered")
            if concurrency < 300 {
                #expect(
                    result.stderr.contains(
                        "Note: asked for 300 workers, but only \(concurrency) threads started"))
            }
        }
    }
}
