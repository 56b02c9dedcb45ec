import FlagsTimeline
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct TimelineRenderingTests {
    @Test(arguments: [(20, 20), (194, 20), (676, 20)])
    func svgParsesAsXMLWithOneBarPerAttempt(count: Int, lanes: Int) throws {
        let timeline = Fixtures.pool(count: count, lanes: lanes)
        let outline = try #require(XMLCount.parse(TimelineSVG.render(timeline)))
        #expect(outline.root == "svg")
        #expect(outline.groups["attempt"] == count)
        #expect(outline.failed == timeline.attempts.filter(\.failed).count)
        #expect(outline.paths["in-flight"] == 1)
    }

    @Test func benchFigureHasAPanelPerRunAndEveryBar() throws {
        let runs = [Fixtures.pool(count: 20, lanes: 1), Fixtures.pool(count: 20, lanes: 20)]
        let svg = TimelineSVG.figure(runs, title: "three strategies", subtitle: "a machine")
        let outline = try #require(XMLCount.parse(svg))
        #expect(outline.groups["attempt"] == 40)
        #expect(outline.paths["in-flight"] == 2)
        #expect(outline.texts.contains(runs[0].run.title))
        #expect(outline.texts.contains(runs[1].run.title))
    }

    @Test func traceLoadsAsTraceEventFormatWithTheRightEventCount() throws {
        let timeline = Fixtures.pool(count: 50, lanes: 20)
        let text = TraceEvents.render(timeline)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        let complete = events.filter { $0["ph"] as? String == "X" }
        #expect(complete.filter { $0["cat"] as? String == "attempt" }.count == 50)
        // Every complete event: a name, a start and a duration in microseconds, a lane.
        for event in complete {
            #expect(event["name"] is String)
            #expect((event["ts"] as? Double).map { $0 >= 0 } == true)
            #expect((event["dur"] as? Double).map { $0 >= 0 } == true)
            #expect((event["tid"] as? Int).map { (1...20).contains($0) } == true)
        }
        let names = events.filter { $0["name"] as? String == "thread_name" }
        #expect(names.count == 20)
        #expect(Set(names.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }).count == 20)
        // Phases nest inside their request's slice on the same lane.
        let attempts = complete.filter { $0["cat"] as? String == "attempt" }
        for phase in complete where phase["cat"] as? String == "phase" {
            let (ts, dur, tid) = (phase["ts"] as! Double, phase["dur"] as! Double, phase["tid"] as! Int)
            #expect(
                attempts.contains {
                    $0["tid"] as? Int == tid && ($0["ts"] as! Double) <= ts
                        && ts + dur <= ($0["ts"] as! Double) + ($0["dur"] as! Double) + 1
                })
        }
    }

    @Test func traceReadsBackIntoTheSameTimeline() throws {
        var timeline = Fixtures.pool(count: 30, lanes: 4)
        // Text that JSON must escape, and a time with an exponent.
        timeline.attempts[0].outcome = "a\"b\\c\u{1}\n\t é"
        timeline.attempts[1].ready = 1e-7
        timeline.run.server = "/\"URL\""
        let back = try TraceEvents.read(Array(TraceEvents.render(timeline).utf8))
        #expect(back.run == timeline.run)
        #expect(Set(back.attempts) == Set(timeline.attempts))
    }

    @Test func traceReaderRefusesOtherJSON() {
        #expect(throws: (any Error).self) { try TraceEvents.read(Array(#"{"traceEvents": []}"#.utf8)) }
        #expect(throws: (any Error).self) { try TraceEvents.read(Array("not json".utf8)) }
    }

    @Test func csvHasALinePerAttemptAndEveryColumn() {
        let timeline = Fixtures.pool(count: 26, lanes: 5)
        let lines = TimelineCSV.render(timeline).split(separator: "\n")
        #expect(lines.count == 27)
        let columns = TimelineCSV.header.split(separator: ",").count
        #expect(
            lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == columns })
        #expect(lines[1].hasPrefix("AA,1,image,thread 1,slot,0.000000,,0.000000,0.001000,"))
    }

    @Test(arguments: [20, 33, 60, 80, 132, 300])
    func textWaterfallFitsTheGivenWidth(width: Int) {
        for timeline in [Fixtures.pool(count: 20, lanes: 20), Fixtures.pool(count: 300, lanes: 7)] {
            for color in [false, true] {
                let lines = TextWaterfall.render(timeline, width: width, height: 40, color: color)
                #expect(!lines.isEmpty)
                for line in lines {
                    #expect(visibleWidth(line) <= width, "\(width): \(line)")
                }
            }
        }
    }

    @Test func textWaterfallGoesByLaneWhenTheRequestsDoNotFitTheHeight() {
        let timeline = Fixtures.pool(count: 300, lanes: 7)
        let byRequest = TextWaterfall.render(timeline, width: 100, height: nil, color: false)
        let byLane = TextWaterfall.render(timeline, width: 100, height: 50, color: false)
        #expect(byRequest.filter { $0.hasPrefix("AA ") }.count == 1)
        #expect(byLane.filter { $0.hasPrefix("thread ") }.count == 7)
        #expect(byLane.count < 20)
    }

    @Test func textWaterfallColoursOnlyWhenAsked() {
        let timeline = Fixtures.pool(count: 20, lanes: 20)
        #expect(!TextWaterfall.render(timeline, width: 80, color: false).joined().contains("\u{1B}["))
        #expect(TextWaterfall.render(timeline, width: 80, color: true).joined().contains("\u{1B}[38;5;"))
    }

    @Test func aShortRequestStillShowsInTheText() {
        // One 1 ms request in a 10 s run: less than a cell, still drawn.
        var timeline = Fixtures.pool(count: 2, lanes: 1, delay: 5)
        timeline.attempts[0].firstByte = 0.0005
        timeline.attempts[0].end = 0.0009
        timeline.attempts[0].done = 0.001
        timeline.attempts[0].saved = 0.001
        let line = TextWaterfall.render(timeline, width: 80, color: false).first { $0.hasPrefix("AA") }
        #expect(line?.contains(where: { "█░▒▓▌".contains($0) }) == true)
    }

    @Test func inFlightCountsOverlapsAndTheMaximum() {
        let timeline = Fixtures.pool(count: 45, lanes: 20)
        #expect(timeline.maxInFlight == 20)
        #expect(timeline.inFlight.allSatisfy { (0...20).contains($0.count) })
        #expect(timeline.inFlight.last?.count == 0)
    }

    @Test func segmentsAreOrderedAndWithinTheAttempt() {
        for attempt in Fixtures.pool(count: 40, lanes: 3).attempts {
            let segments = attempt.segments
            #expect(!segments.isEmpty)
            for (a, b) in zip(segments, segments.dropFirst()) { #expect(a.end <= b.start) }
            #expect(segments.allSatisfy { $0.start < $0.end })
            #expect(segments.last.map { $0.end <= attempt.done } == true)
        }
    }

    @Test func shiftingMovesEveryTimeAndKeepsNoneBeforeZero() {
        let timeline = Fixtures.pool(count: 40, lanes: 20)
        let moved = timeline.shifted(by: -0.25)
        for (before, after) in zip(timeline.attempts, moved.attempts) {
            #expect(after.ready == max(0, before.ready - 0.25))
            #expect(after.start == max(0, before.start - 0.25))
            #expect(after.done == max(0, before.done - 0.25))
            #expect(after.firstByte == before.firstByte.map { max(0, $0 - 0.25) })
        }
        #expect(timeline.shifted(by: .nan) == timeline)
    }

    @Test func aRetryAfterHoldAfterASlotWaitShowsBoth() {
        var timeline = Fixtures.pool(count: 1, lanes: 1)
        timeline.attempts[0].start = 2
        timeline.attempts[0].firstByte = 2.5
        timeline.attempts[0].end = 2.6
        timeline.attempts[0].done = 2.7
        timeline.attempts[0].saved = 2.7
        timeline.attempts[0].connected = nil
        timeline.attempts[0].waitStart = 0.5
        timeline.attempts[0].wait = .retryAfter
        let phases = timeline.attempts[0].segments.map(\.phase)
        #expect(phases == [.slot, .retryAfter, .server, .body, .save])
    }

    @Test func hostileNumbersDoNotTrapTheRenderers() {
        var timeline = Fixtures.pool(count: 3, lanes: 1)
        timeline.attempts[0].end = .infinity
        timeline.attempts[1].done = .nan
        timeline.attempts[2].start = -1e300
        timeline.run.elapsed = .nan
        timeline.run.serverDelay = 1e300
        _ = TimelineSVG.render(timeline)
        _ = TraceEvents.render(timeline)
        _ = TimelineCSV.render(timeline)
        _ = TextWaterfall.render(timeline, width: 80, height: 5, color: true)
    }

    @Test(arguments: [
        ("flags.svg", TimelineFormat.svg), ("t.JSON", .json), ("a/b.csv", .csv), ("-", .text),
    ])
    func formatFollowsTheExtension(path: String, format: TimelineFormat) {
        #expect(TimelineFormat(path: path) == format)
    }

    @Test(arguments: ["flags.png", "svg", "", "trace.json.gz"])
    func otherExtensionsAreRefused(path: String) {
        #expect(TimelineFormat(path: path) == nil)
    }

    /// Columns a line takes on a terminal: escape sequences take none; every character we draw
    /// is one column wide.
    private func visibleWidth(_ line: String) -> Int {
        var count = 0
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }
}

/// What an SVG holds, read with a real XML parser (`nil` when it is not well-formed).
final class XMLCount: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var groups: [String: Int] = [:]
    private(set) var paths: [String: Int] = [:]
    private(set) var failed = 0
    private(set) var texts: [String] = []
    private var text: String?

    static func parse(_ svg: String) -> XMLCount? {
        let outline = XMLCount()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = outline
        return parser.parse() ? outline : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = name }
        let kind = attributes["class"] ?? ""
        switch name {
        case "g": groups[kind, default: 0] += 1
        case "path": paths[kind, default: 0] += 1
        case "rect" where kind == "failed": failed += 1
        case "text": text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text? += string
    }

    func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
        if name == "text", let text {
            texts.append(text)
            self.text = nil
        }
    }
}
