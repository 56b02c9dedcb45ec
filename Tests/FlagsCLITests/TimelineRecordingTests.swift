import FlagsServer
import FlagsTestSupport
import FlagsTimeline
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `--timeline` against a live server that holds every response a fixed time: what the clients
/// record must be a consistent picture of what they did.
@Suite struct TimelineRecordingTests {
    /// Each response is held this long; a first byte can only come after it.
    static let delay = 0.05
    /// 26 codes, BA…BZ (9 flags, 17 not found), at most 4 in flight.
    static let codes = ["B"]
    static let concurrency = 4

    /// Runs `client` with `--timeline FILE` (plus `extra`) and reads the JSON trace back.
    private func record(_ client: Client, _ extra: [String] = []) async throws -> Timeline {
        try await withFlagServer(delay: .fixed(.milliseconds(50))) { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let trace = output.file("trace.json")
            let result = try await client.run(
                [
                    "-s", server.baseURL, "-o", output.file("flags"), "-m", "\(Self.concurrency)",
                    "--timeline", trace,
                ]
                    + extra + Self.codes)
            #expect(result.status == 0, "\(result.stderr)")
            let bytes = try #require(FileManager.default.contents(atPath: trace))
            return try TraceEvents.read(Array(bytes))
        }
    }

    @Test(arguments: Client.allCases)
    func everyAttemptsTimesAreInOrder(client: Client) async throws {
        let timeline = try await record(client, ["--cpu-work", "1"])
        #expect(timeline.attempts.count == 26)
        #expect(Set(timeline.attempts.map(\.code)).count == 26)
        #expect(timeline.run.strategy == (client == .seq ? "sequential" : client == .pool ? "pool" : "async"))
        for attempt in timeline.attempts {
            let times = [
                attempt.ready, attempt.start, attempt.connected, attempt.firstByte, attempt.end,
                attempt.cpuDone,
                attempt.saved, attempt.done,
            ].compactMap { $0 }
            #expect(times.allSatisfy { $0.isFinite && $0 >= 0 }, "\(attempt)")
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "\(attempt)")
            // The server held the response `delay` after the request reached it.
            let firstByte = try #require(attempt.firstByte, "\(attempt)")
            #expect(firstByte - attempt.start >= Self.delay * 0.99, "\(attempt)")
            #expect(attempt.done <= timeline.run.elapsed, "\(attempt)")
            #expect(attempt.failed == false)
            #expect((attempt.status == 200) == (attempt.saved != nil), "\(attempt)")
            #expect((attempt.status == 200) == (attempt.cpuDone != nil), "\(attempt)")
            #expect(attempt.localPort != nil && attempt.newConnection != nil, "\(attempt)")
        }
        // One connection per lane at most: the first request of a lane opened it.
        #expect(timeline.attempts.filter { $0.newConnection == true }.count <= Self.concurrency)
    }

    @Test(arguments: Client.allCases)
    func inFlightNeverExceedsTheConcurrency(client: Client) async throws {
        let timeline = try await record(client)
        let limit = client == .seq ? 1 : Self.concurrency
        #expect(timeline.maxInFlight <= limit)
        #expect(timeline.maxInFlight >= 1)
        #expect(timeline.run.concurrency == limit)
    }

    @Test(arguments: [Client.seq, .pool])
    func barsInALaneNeverOverlap(client: Client) async throws {
        let timeline = try await record(client)
        let lanes = timeline.lanes
        #expect(lanes.count == (client == .seq ? 1 : Self.concurrency))
        #expect(lanes.map(\.attempts.count).reduce(0, +) == 26)
        for lane in lanes {
            for (a, b) in zip(lane.attempts, lane.attempts.dropFirst()) {
                #expect(a.done <= b.start, "\(lane.name): \(a.code) ends after \(b.code) starts")
            }
        }
    }

    @Test func sequentialBarsComeStrictlyOneAfterAnother() async throws {
        let timeline = try await record(.seq)
        let rows = timeline.rows
        #expect(rows.map(\.code) == rows.map(\.code).sorted())
        for (a, b) in zip(rows, rows.dropFirst()) {
            #expect(a.done <= b.start, "\(a.code) ends after \(b.code) starts")
        }
        // One connection, kept alive: only the first request opened it.
        #expect(rows.map(\.newConnection) == [true] + Array(repeating: false, count: 25))
        #expect(Set(rows.compactMap(\.localPort)).count == 1)
    }

    @Test(arguments: Client.allCases)
    func svgAndCSVHaveOneBarAndOneLinePerAttempt(client: Client) async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            for file in ["t.svg", "t.csv"] {
                let result = try await client.run(
                    ["-s", server.baseURL, "-o", output.file("flags"), "--timeline", output.file(file)]
                        + Self.codes)
                #expect(result.status == 0, "\(result.stderr)")
            }
            let svg = try String(contentsOfFile: output.file("t.svg"), encoding: .utf8)
            let bars = try #require(AttemptGroups.count(svg))
            #expect(bars == 26)
            let csv = try String(contentsOfFile: output.file("t.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 27)
        }
    }

    @Test func textWaterfallFollowsTheReport() async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await Client.pool.run(
                ["-s", server.baseURL, "-o", output.path, "--timeline", "-", "BR", "IN", "US"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
            let report = try #require(lines.firstIndex { $0.hasPrefix("Elapsed time: ") })
            let waterfall = try #require(lines.firstIndex { $0.hasPrefix("Timeline · pool · 3 codes") })
            #expect(report < waterfall)
            // Not a terminal: no colour, and 100 columns.
            #expect(!result.stdout.contains("\u{1B}["))
            #expect(lines[waterfall...].allSatisfy { $0.count <= 100 })
            for code in ["BR", "IN", "US"] {
                #expect(lines[waterfall...].contains { $0.hasPrefix(code + " ") })
            }
        }
    }

    @Test(arguments: [
        (["--timeline", "t.png"], "--timeline t.png: name a .svg, .json or .csv file"),
        (["--timeline", "-", "--json"], "--timeline - prints on stdout, which --json fills"),
    ])
    func badTimelineArgumentsAreUsageErrors(arguments: [String], message: String) async throws {
        let result = try await Client.seq.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

/// Counts the `<g class="attempt">` groups of an SVG with a real XML parser; `nil` when the
/// document is not well-formed.
private final class AttemptGroups: NSObject, XMLParserDelegate {
    private var groups = 0

    static func count(_ svg: String) -> Int? {
        let counter = AttemptGroups()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        return parser.parse() ? counter.groups : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "g" && attributes["class"] == "attempt" { groups += 1 }
    }
}
