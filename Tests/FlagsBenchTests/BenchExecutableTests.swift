import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// The built `flags-bench`, run as a user runs it. In tests it is a debug build, hence
/// `--allow-debug`; tiny settings (three codes, one run, no delay) keep each run short, and no
/// test asserts a timing.
@Suite struct BenchExecutableTests {
    static let bench = BuiltExecutable("flags-bench")
    static let tiny = ["--allow-debug", "BR", "IN", "ZZ", "-r", "1", "--warmup", "0", "--delay", "0"]

    private func run(_ arguments: [String]) async throws -> BuiltExecutable.Output {
        try await onOwnThread { try Self.bench.run(arguments) }
    }

    @Test func aShortRunPrintsATableThatTheJSONAndCSVRepeat() async throws {
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let result = try await run(
            Self.tiny + [
                "--json-file", files.file("bench.json"), "--csv-file", files.file("bench.csv"), "--chart",
                files.file("bench.svg"),
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("WARNING: DEBUG BUILD"))
        let json = try String(contentsOfFile: files.file("bench.json"), encoding: .utf8)
        let csv = try String(contentsOfFile: files.file("bench.csv"), encoding: .utf8)
        #expect(OutputComparison.disagreements(table: result.stdout, csv: csv, json: json) == [])

        let rows = OutputComparison.jsonRows(json)
        let strategies = rows.compactMap { $0["strategy"] as? String }
        #expect(Array(strategies.prefix(3)) == ["sequential", "pool", "async"])
        #expect(strategies.count == 3 || strategies.last == "curl")
        for row in rows {
            #expect(row["codes"] as? Int == 3)
            #expect(row["ok"] as? Int == 2, "\(row)")  // BR and IN
            #expect(row["not_found"] as? Int == 1, "\(row)")  // ZZ
            #expect(row["errors"] as? Int == 0)
            #expect(row["debug_build"] as? Bool == true)
            #expect(row["ideal_s"] as? Double == 0)
            #expect(row["efficiency"] is NSNull)  // no delay: nothing to compare against
        }
        #expect(rows.first?["concurrency"] as? Int == 1)
        #expect(rows.dropFirst().allSatisfy { $0["concurrency_delivered"] as? Int == 3 })

        let svg = try String(contentsOfFile: files.file("bench.svg"), encoding: .utf8)
        let outline = try #require(SVGOutline.parse(svg))
        #expect(outline.series == strategies)
    }

    @Test func jsonOnStdoutTakesThePlaceOfTheTableAndRecordsTheSettings() async throws {
        let result = try await run(
            Self.tiny + ["--strategies", "async", "-m", "2", "--cpu-work", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("strategy "))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(settings["cpu_work"] as? Int == 3)
        #expect(settings["concurrency"] as? [Int] == [2])
        #expect(object["debug_build"] as? Bool == true)
        let machine = try #require(object["machine"] as? [String: Any])
        #expect((machine["cores"] as? Int ?? 0) >= 1)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        let command = rows.first?["command"] as? String ?? ""
        #expect(command.hasPrefix("flags-async -m 2 --cpu-work 3"), "\(command)")
        #expect(rows.first?["concurrency_delivered"] as? Int == 2)
    }

    /// A server that answers every request with 404 and counts them: a bench that checked its
    /// outputs only after measuring would have asked it for something.
    private static func countingServer(_ requests: Counter) throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { _ in
            requests.increment()
            return .respond(status: 404)
        }
    }

    @Test(arguments: [
        ("/proc/x.svg", "/proc does not take new files"),
        ("/nonexistent-directory/bench.svg", "the directory /nonexistent-directory does not exist"),
    ])
    func aBadOutputPathStopsTheBenchBeforeTheFirstRun(chart: String, reason: String) async throws {
        let requests = Counter()
        let server = try Self.countingServer(requests)
        defer { server.stop() }
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let result = try await run(
            Self.tiny.dropLast(2) + [
                "-s", server.baseURL, "--json-file", files.file("bench.json"), "--chart", chart,
            ])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("cannot create \(chart) (--chart): \(reason)"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was run"))
        #expect(result.stdout.isEmpty)
        #expect(requests.value == 0)
        // The good file, opened first, is not left behind empty.
        #expect(!FileManager.default.fileExists(atPath: files.file("bench.json")))
    }

    @Test func aFileThatCannotBeWrittenAtTheEndLosesNoResults() async throws {
        // /dev/full opens for writing (the check passes) and fails every write: ENOSPC.
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let result = try await run(
            Self.tiny + ["--csv-file", "/dev/full", "--json-file", files.file("bench.json")])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write /dev/full: No space left on device"), "\(result.stderr)")
        #expect(result.stderr.contains("the results were printed on stdout"))
        let json = try String(contentsOfFile: files.file("bench.json"), encoding: .utf8)
        let rows = OutputComparison.tableRows(result.stdout)
        #expect(rows.count >= 3)  // sequential, pool, async (and curl where installed)
        #expect(OutputComparison.jsonRows(json).count == rows.count)
    }

    /// Ctrl-C in the middle of a bench: what was measured before it is printed and saved, the
    /// run in progress is dropped, no scratch directory is left, and the exit status is 130.
    /// The server answers two sequential runs (BR, IN and ZZ each) and holds every flag request
    /// after them, so the signal comes while the next run waits: a point no scheduler can miss.
    /// With two repetitions the held run is pool's first (no pool row); with three it is the
    /// third sequential run (a sequential row one run short).
    @Test(arguments: [2, 3])
    func ctrlCKeepsTheRunsMeasuredBeforeIt(repetitions: Int) async throws {
        let flags = Counter()
        let held = DispatchSemaphore(value: 0)
        let server = try ScriptedHTTPServer { request in
            guard request.path.hasSuffix(".png") else { return .respond(status: 404) }
            flags.increment()
            guard flags.value > 6 else { return .respond(status: 404) }
            held.signal()
            return .stall
        }
        defer { server.stop() }
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let bench = try Self.bench.start(
            [
                "--allow-debug", "BR", "IN", "ZZ", "-r", String(repetitions), "--warmup", "0", "--delay", "0",
                // A held run must not end by itself: only the Ctrl-C ends it.
                "--timeout", "3600", "-s", server.baseURL, "--strategies", "seq,pool", "--json-file",
                files.file("bench.json"),
                "--chart", files.file("bench.svg"),
            ],
            environment: ["TMPDIR": scratch.path])
        let holding = await onOwnThread { held.wait(timeout: .now() + 300) == .success }
        #expect(holding, "no request was held")
        bench.signal(SIGINT)
        let result = await onOwnThread { bench.wait() }

        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stderr.contains("stopping"), "\(result.stderr)")
        let rows = OutputComparison.tableCells(result.stdout)
        // (A debug build's rows are marked with an asterisk.)
        #expect(
            rows.map { $0["strategy"]?.trimmingCharacters(in: ["*"]) } == ["sequential"], "\(result.stdout)")
        #expect(result.stdout.contains("stopped by Ctrl-C after 2 measured runs"), "\(result.stdout)")
        #expect(result.stdout.contains("sequential -m 1 has 2 of 3") == (repetitions == 3))
        let json = try String(contentsOfFile: files.file("bench.json"), encoding: .utf8)
        let saved = OutputComparison.jsonRows(json)
        #expect(saved.map { $0["strategy"] as? String } == ["sequential"])
        #expect(saved.first?["repetitions"] as? Int == 2, "\(saved)")
        #expect(FileManager.default.fileExists(atPath: files.file("bench.svg")))
        // The held run's downloads went to a scratch directory under TMPDIR: removed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
    }

    @Test(arguments: [["--json", "FILE"], ["--json=FILE"], ["--csv", "FILE"]])
    func theOldFileSpellingFailsLoudlyAndWritesNoFile(spelling: [String]) async throws {
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let path = files.file("bench.out")
        let arguments = spelling.map { $0.replacingOccurrences(of: "FILE", with: path) }
        let result = try await run(Self.tiny + arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("-file \(path)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(.enabled(if: BenchExecutableTests.bench.path.contains("/debug/"), "only a debug build refuses"))
    func aDebugBuildRefusesToBenchWithoutAllowDebug() async throws {
        let result = try await run(["BR", "-r", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("debug build"))
        #expect(result.stderr.contains("swift build -c release"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["--concurrency", "0,5"], ["--strategies", "seq,fibers"], ["--delay", "x"]])
    func badUsageExits64BeforeRunningAnything(arguments: [String]) async throws {
        let result = try await run(["--allow-debug"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Error: "))
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnreachableServerExitsOneWithAHint() async throws {
        let port = try closedPort()
        let result = try await run(Self.tiny.dropLast(2) + ["-s", "http://127.0.0.1:\(port)/flags"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach the server at http://127.0.0.1:\(port)/flags"))
        #expect(result.stderr.contains("flags-server"))
    }

    @Test(arguments: [true, false])
    func theServerColumnComesFromLabStatsWhenTheServerHasThem(hasStats: Bool) async throws {
        let resets = Counter()
        let server = try ScriptedHTTPServer { request in
            switch (request.method, request.path) {
            case ("POST", "/_lab/reset") where hasStats:
                resets.increment()
                return .respond(status: 200, body: Array("{}".utf8))
            case ("GET", "/_lab/stats") where hasStats:
                return .respond(
                    status: 200, headers: ["Content-Type": "application/json"],
                    body: Array(#"{"in_flight": 0, "max_in_flight": 7, "requests": 2}"#.utf8))
            case ("GET", "/flags/br/br.png"), ("GET", "/flags/in/in.png"):
                let code = request.path.split(separator: "/")[1]
                return .respond(status: 200, body: ReferenceFlags.png(String(code)) ?? [])
            default:
                return .respond(status: 404)
            }
        }
        defer { server.stop() }
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let result = try await run([
            "--allow-debug", "BR", "IN", "-r", "1", "--warmup", "0", "-s", server.baseURL, "--delay", "0",
            "--strategies", "seq,async,curl", "-m", "2", "--json-file", files.file("bench.json"), "--wide",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try String(contentsOfFile: files.file("bench.json"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["server_stats"] as? Bool == hasStats)
        let rows = OutputComparison.jsonRows(json)
        #expect(rows.count >= 2)
        let serverCells = OutputComparison.tableRows(result.stdout).map { $0[12] }
        #expect(serverCells.count == rows.count)
        for (row, cell) in zip(rows, serverCells) {
            if hasStats {
                #expect(row["server_max_in_flight"] as? Int == 7)
                #expect(cell == "7")
            } else {
                #expect(row["server_max_in_flight"] is NSNull)
                #expect(cell == "–")
            }
        }
        // One reset to probe the server, then one before each run.
        #expect(resets.value == (hasStats ? 1 + rows.count : 0))
    }
}
