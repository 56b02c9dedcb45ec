import Foundation
import Testing

@testable import FlagsBench

@Suite struct SVGChartTests {
    @Test func theChartIsWellFormedXMLWithOneSeriesPerStrategy() throws {
        let report = Fixtures.report(rows: Fixtures.sweepRows())
        let outline = try #require(SVGOutline.parse(SVGChart.render(report)))
        #expect(outline.root == "svg")
        #expect(outline.series == ["sequential", "pool", "async", "curl"])
        #expect(outline.markers == ["sequential": 1, "pool": 3, "async": 3, "curl": 3])
        #expect(outline.idealCurves == 1)
    }

    @Test(arguments: [[BenchStrategy.async], [.sequential, .curl], [.pool, .async]])
    func onlyTheStrategiesThatRanGetASeries(strategies: [BenchStrategy]) throws {
        let rows = Fixtures.sweepRows().filter { strategies.contains($0.strategy) }
        let outline = try #require(SVGOutline.parse(SVGChart.render(Fixtures.report(rows: rows))))
        #expect(outline.series == strategies.map(\.rawValue))
    }

    @Test func littlesLawIsWorkedOutFromTheFastestRow() throws {
        // The fastest row: async at m = 100, runs 0.99, 1.00 and 1.02 s: median 1.00 s.
        let outline = try #require(
            SVGOutline.parse(SVGChart.render(Fixtures.report(rows: Fixtures.sweepRows()))))
        let annotation = outline.texts.filter { $0.contains("Little") || $0.contains("in flight") }.joined(
            separator: " ")
        #expect(annotation.contains("L = λ·W"))
        #expect(annotation.contains("194 flags / 1.00 s × 0.5 s ≈ 97 in flight, measured max 100"))
        #expect(annotation.contains("for async at concurrency 100"))
    }

    @Test func withAnUnknownDelayThereIsNoIdealCurveAndLittlesLawSaysWhy() throws {
        let outline = try #require(
            SVGOutline.parse(SVGChart.render(Fixtures.report(rows: Fixtures.sweepRows(delay: nil)))))
        #expect(outline.idealCurves == 0)
        #expect(outline.texts.contains { $0.contains("needs a known server delay") })
    }

    @Test func textIsEscaped() throws {
        // The fixture's host name is "test & <host>": unescaped, the parser would fail.
        let svg = SVGChart.render(Fixtures.report(rows: Fixtures.sweepRows()))
        #expect(svg.contains("test &amp; &lt;host&gt;"))
        #expect(SVGOutline.parse(svg) != nil)
        #expect(SVGOutline.parse(svg.replacingOccurrences(of: "&amp;", with: "&")) == nil)
    }

    @Test func idealPointsFollowTheStaircaseOfRounds() {
        let points = SVGChart.idealPoints(codes: 20, delay: 0.5, from: 1, to: 25)
        func ideal(at m: Double) -> Double? { points.last { $0.concurrency <= m }?.seconds }
        #expect(ideal(at: 1) == 10)
        #expect(ideal(at: 7) == 1.5)
        #expect(ideal(at: 19) == 1)
        #expect(ideal(at: 20) == 0.5)
        #expect(points.last?.concurrency == 25)
    }
}
