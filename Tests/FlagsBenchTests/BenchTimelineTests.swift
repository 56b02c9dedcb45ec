import FlagsShared
import FlagsTestSupport
import FlagsTimeline
import Foundation
import Testing

/// `flags-bench --timeline FILE.svg`: the clients record their last run, the bench reads their
/// traces back and draws one panel per strategy.
@Suite struct BenchTimelineTests {
    private func run(_ arguments: [String]) async throws -> BuiltExecutable.Output {
        try await onOwnThread { try BuiltExecutable("flags-bench").run(arguments) }
    }

    @Test func theFigureHasAPanelPerClientAndABarPerRequest() async throws {
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let result = try await run(
            BenchExecutableTests.tiny + [
                "--strategies", "seq,pool,async", "-r", "2", "--timeline", files.file("bench.svg"),
                "--timeline-traces",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: files.file("bench.svg"), encoding: .utf8)
        let outline = try #require(SVGOutline.parse(svg))
        // Three panels, each titled with its strategy; three requests each.
        for strategy in ["sequential", "pool", "async"] {
            #expect(outline.texts.contains { $0.hasPrefix("\(strategy) · 3 codes") }, "\(outline.texts)")
        }
        #expect(svg.components(separatedBy: #"<g class="attempt">"#).count - 1 == 9)
        // Each client's own trace beside the figure, readable as a timeline.
        for name in ["bench-sequential-m1.json", "bench-pool-m20.json", "bench-async-m20.json"] {
            let bytes = try #require(FileManager.default.contents(atPath: files.file(name)), "\(name)")
            let timeline = try TraceEvents.read(Array(bytes))
            #expect(timeline.attempts.map(\.code).sorted() == ["BR", "IN", "ZZ"])
            #expect(timeline.run.serverDelay == 0)
        }
    }

    @Test(arguments: [
        (["--timeline", "bench.png"], "the bench draws its figure as SVG"),
        (["--timeline", "-"], "--timeline needs a file name"),
        (["--timeline-traces"], "give --timeline FILE.svg too"),
    ])
    func badTimelineArgumentsAreUsageErrors(arguments: [String], message: String) async throws {
        let result = try await run(BenchExecutableTests.tiny + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
