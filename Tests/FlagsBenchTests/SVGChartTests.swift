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

/// Where the chart puts its ticks and labels, read back from the SVG's text positions.
@Suite struct SVGChartLayoutTests {
    private func outline(_ rows: [BenchRow]) throws -> SVGOutline {
        try #require(SVGOutline.parse(SVGChart.render(Fixtures.report(rows: rows))))
    }

    private func xTickLabels(_ outline: SVGOutline) -> [String] {
        outline.labels.filter { $0.group == "tick-labels" && $0.anchor == "middle" }.map(\.text)
    }

    private func yTickLabels(_ outline: SVGOutline) -> [String] {
        outline.labels.filter { $0.group == "tick-labels" && $0.anchor == "end" }.map(\.text)
    }

    /// Every pair of labels that touch, and every label that leaves the canvas.
    private func collisions(_ outline: SVGOutline) -> [String] {
        var problems: [String] = []
        let labels = outline.labels
        for (i, a) in labels.enumerated() {
            let box = a.box
            if box.left < 0 || box.top < 0 || box.right > SVGChart.width || box.bottom > SVGChart.height {
                problems.append("'\(a.text)' leaves the canvas: \(box)")
            }
            for b in labels[(i + 1)...] where a.overlaps(b) {
                problems.append("'\(a.text)' at (\(a.x), \(a.y)) covers '\(b.text)' at (\(b.x), \(b.y))")
            }
        }
        return problems
    }

    @Test func aPowerOfTwoSweepLabelsEveryMeasuredConcurrency() throws {
        let outline = try outline(
            Fixtures.sweep(codes: 194, concurrencies: [4, 8, 16, 32, 64], delays: [0.5]))
        #expect(xTickLabels(outline) == ["1", "4", "8", "16", "32", "64"])
        #expect(collisions(outline) == [])
    }

    @Test func aDenseSweepThinsItsTickLabelsButKeepsTheLast() throws {
        let outline = try outline(
            Fixtures.sweep(codes: 194, concurrencies: Array(1...12) + [150, 180, 194, 200], delays: [0.5]))
        let labels = xTickLabels(outline)
        #expect(labels.first == "1")
        #expect(labels.last == "200")
        #expect(labels.count < 16)
        #expect(collisions(outline) == [])
    }

    @Test(arguments: [[0.5, 0.1], [0.5, 0.1, 0], [0.5, 0.4, 0.3]])
    func endOfLineLabelsForSeveralDelaysNeverCollide(delays: [Double]) throws {
        let rows = Fixtures.sweep(codes: 194, concurrencies: [2, 5, 10, 20, 50, 100, 200], delays: delays)
        let outline = try outline(rows)
        #expect(collisions(outline) == [])
        // Every line still says its delay: one label per strategy and delay.
        for delay in delays {
            let label = "\(Format.seconds(delay)) s"
            #expect(outline.labels.filter { $0.group == "series" && $0.text == label }.count == 4, "\(label)")
        }
    }

    @Test func aOnePointChartHasItsPointCentredAndLabelledAxes() throws {
        let rows = Fixtures.sweep(codes: 20, concurrencies: [20], delays: [0.5], strategies: [.async])
        let outline = try outline(rows)
        #expect(xTickLabels(outline) == ["20"])
        let yLabels = yTickLabels(outline)
        #expect(yLabels.count >= 2, "\(yLabels)")
        let point = try #require(outline.points.first)
        let plot = SVGChart.plot
        let middle = (plot.left + plot.right) / 2
        #expect(abs(point.x - middle) < (plot.right - plot.left) / 10, "\(point)")
        #expect(point.y > plot.top && point.y < plot.bottom)
        #expect(collisions(outline) == [])
    }

    @Test func theTalksSweepChartHasNoCollisions() throws {
        #expect(try collisions(outline(Fixtures.sweepRows())) == [])
    }
}
