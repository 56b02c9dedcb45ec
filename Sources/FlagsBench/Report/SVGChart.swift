import FlagsShared
import Foundation

/// `--chart FILE.svg`: elapsed time against concurrency on log–log axes, one series per
/// strategy, the ideal curve `ceil(N/m)·d` dashed, and Little's law worked out from the data.
///
/// Plain SVG written by hand: any browser shows it, no script or library needed.
enum SVGChart {
    static let width = 960.0
    static let height = 580.0
    static let plot = (left: 80.0, right: 700.0, top: 80.0, bottom: 470.0)
    /// Where the legend's lines start, right of the plot and of the end-of-line labels.
    private static let legendLeft = 730.0

    /// Each strategy's colour (colour-blind-safe Okabe–Ito palette).
    static func color(_ strategy: BenchStrategy) -> String {
        switch strategy {
        case .sequential: "#000000"
        case .pool: "#0072B2"
        case .async: "#D55E00"
        case .curl: "#009E73"
        }
    }

    /// The SVG document for `report`.
    static func render(_ report: BenchReport) -> String {
        let rows = report.rows
        let delays = Array(Set(rows.compactMap(\.delay))).sorted()
        let codes = rows.first?.codes ?? 0
        // The concurrency axis spans the measured values (ticked and labelled below); the time
        // axis ends on round values, so a chart of one point still has labelled ends.
        let xs = LogScale(
            covering: rows.map { Double($0.concurrency) }, padding: 1.3, start: plot.left, end: plot.right)
        let idealCurves = delays.filter { $0 > 0 }.map { delay in
            (delay, idealPoints(codes: codes, delay: delay, from: xs.lower, to: xs.upper))
        }
        let ys = LogScale(
            covering: rows.flatMap { [$0.min, $0.max] } + idealCurves.flatMap { $0.1.map(\.seconds) },
            padding: 1.4, start: plot.bottom, end: plot.top, snap: true)
        let strategies = BenchStrategy.allCases.filter { s in rows.contains { $0.strategy == s } }
        // Labels inside the plot must not cover the legend, the points, or each other.
        var placer = LabelPlacer()
        for (index, strategy) in strategies.enumerated() {
            placer.reserve(
                LabelPlacer.box(
                    legendText(strategy), x: legendLeft + 38, y: legendTop + Double(index) * 22 + 4, size: 13,
                    anchor: .start))
        }
        placer.reserve(
            LabelPlacer.box(
                legendIdeal, x: legendLeft + 38, y: legendTop + Double(strategies.count) * 22 + 4, size: 13,
                anchor: .start))
        for row in rows {
            let x = xs.position(Double(row.concurrency)) + nudge(row.strategy)
            let y = ys.position(row.median)
            placer.reserve(LabelPlacer.Box(left: x - 4, top: y - 4, right: x + 4, bottom: y + 4))
        }

        var svg: [String] = [
            ##"<?xml version="1.0" encoding="UTF-8"?>"##,
            """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            """,
            ##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
        ]
        let delayText =
            delays.isEmpty
            ? "delay unknown"
            : "server delay " + delays.map { "\(Format.seconds($0)) s" }.joined(separator: ", ")
        svg.append(
            text(
                "Elapsed time against concurrency: \(Format.count(codes, "flag")), \(delayText)",
                x: plot.left, y: 30,
                attributes: ##"font-size="18" font-weight="bold""##))
        let build = report.debugBuild ? "DEBUG build" : "release build"
        svg.append(
            text(
                "flags-bench · \(report.machine.summary) · \(build) · \(report.date)", x: plot.left, y: 52,
                attributes: ##"font-size="11" fill="#555555""##))
        let measured = Array(Set(rows.map(\.concurrency))).sorted().map(Double.init)
        svg += axes(xs: xs, ys: ys, xTicks: measured)
        svg += idealCurves.map {
            ideal(delay: $0.0, points: $0.1, xs: xs, ys: ys, labelled: idealCurves.count > 1, placer: &placer)
        }
        for strategy in strategies {
            svg += series(
                strategy, rows: rows.filter { $0.strategy == strategy }, xs: xs, ys: ys,
                labelDelays: delays.count > 1, placer: &placer)
        }
        svg += legend(strategies: strategies)
        svg += littlesLaw(rows).enumerated().map { index, line in
            text(line, x: plot.left, y: 540 + Double(index) * 18, attributes: ##"class="littles-law""##)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// The ideal time at every whole concurrency across the axis: a staircase, since the number of
    /// rounds `ceil(N/m)` only changes at some values of `m`.
    static func idealPoints(codes: Int, delay: Double, from low: Double, to high: Double) -> [(
        concurrency: Double, seconds: Double
    )] {
        let first = Swift.max(1, Int(low.rounded(.up)))
        let last = Swift.max(first, Int(high.rounded(.down)))
        var points: [(Double, Double)] = []
        var previous: Double?
        for m in first...last {
            let seconds = BenchMath.idealSeconds(codes: codes, concurrency: m, delay: delay)
            if let previous, previous != seconds { points.append((Double(m), previous)) }  // the step's riser
            points.append((Double(m), seconds))
            previous = seconds
        }
        points.append((high, previous ?? 0))
        return points.filter { $0.1 > 0 }
    }

    /// The lines of the Little's law annotation, from the row with the highest throughput at a
    /// known delay.
    static func littlesLaw(_ rows: [BenchRow]) -> [String] {
        let candidates = rows.filter { ($0.delay ?? 0) > 0 && $0.median > 0 }
        func throughput(_ row: BenchRow) -> Double { Double(row.codes) / row.median }
        guard let best = candidates.max(by: { throughput($0) < throughput($1) }) else {
            return [
                "Little's law, L = λ·W: in flight = throughput × latency (needs a known server delay to work out)."
            ]
        }
        let delay = best.delay!
        let inFlight = BenchMath.littlesLaw(count: best.codes, elapsed: best.median, latency: delay)
        let measured = (best.serverMaxInFlight ?? best.maxInFlight).map { ", measured max \($0)" } ?? ""
        return [
            "Little's law, L = λ·W (in flight = throughput × latency), for \(best.strategy) at concurrency \(best.concurrency):",
            "\(Format.count(best.codes, "flag")) / \(Format.fixed(best.median, 2)) s × \(Format.seconds(delay)) s ≈ \(Int(inFlight.rounded())) in flight\(measured).",
        ]
    }

    /// Gridlines at every measured concurrency and at the time axis's 1-2-5 ticks; labels on as
    /// many as fit without touching (the last measured concurrency always keeps its label).
    private static func axes(xs: LogScale, ys: LogScale, xTicks: [Double]) -> [String] {
        var parts = [##"<g class="axes" stroke="#999999" fill="none">"##]
        parts.append(
            ##"<rect x="\##(plot.left)" y="\##(plot.top)" width="\##(plot.right - plot.left)" height="\##(plot.bottom - plot.top)"/>"##
        )
        for tick in xTicks {
            let x = fixed(xs.position(tick))
            parts.append(
                ##"<line x1="\##(x)" y1="\##(plot.top)" x2="\##(x)" y2="\##(plot.bottom)" stroke="#eeeeee"/>"##
            )
        }
        for tick in ys.ticks {
            let y = fixed(ys.position(tick))
            parts.append(
                ##"<line x1="\##(plot.left)" y1="\##(y)" x2="\##(plot.right)" y2="\##(y)" stroke="#eeeeee"/>"##
            )
        }
        parts.append("</g>")
        parts.append(##"<g class="tick-labels" fill="#333333" font-size="12">"##)
        let xLabels = thinned(
            xTicks.map { (Format.seconds($0), xs.position($0)) }, keepLast: true
        ) { text, x in LabelPlacer.box(text, x: x, y: plot.bottom + 18, size: 12, anchor: .middle) }
        for (label, x) in xLabels {
            parts.append(text(label, x: x, y: plot.bottom + 18, attributes: ##"text-anchor="middle""##))
        }
        let yLabels = thinned(ys.ticks.map { (Format.seconds($0), ys.position($0) + 4) }, keepLast: false) {
            text, y in LabelPlacer.box(text, x: plot.left - 8, y: y, size: 12, anchor: .end)
        }
        for (label, y) in yLabels {
            parts.append(text(label, x: plot.left - 8, y: y, attributes: ##"text-anchor="end""##))
        }
        parts.append("</g>")
        parts.append(
            text(
                "concurrency: transfers in flight asked for (log scale)", x: (plot.left + plot.right) / 2,
                y: plot.bottom + 42, attributes: ##"text-anchor="middle""##))
        let middle = (plot.top + plot.bottom) / 2
        parts.append(
            text(
                "elapsed, s: median, bars min–max (log scale)", x: 24, y: middle,
                attributes: ##"text-anchor="middle" transform="rotate(-90 24 \##(fixed(middle)))""##))
        return parts
    }

    /// The labels, in order, that can be drawn without touching the one before; with `keepLast`,
    /// the last always stays and the kept labels just before it give way.
    static func thinned(
        _ labels: [(text: String, position: Double)], keepLast: Bool,
        box: (String, Double) -> LabelPlacer.Box
    ) -> [(text: String, position: Double)] {
        var kept: [(text: String, position: Double)] = []
        for label in labels {
            if let previous = kept.last,
                box(previous.text, previous.position).overlaps(box(label.text, label.position))
            {
                continue
            }
            kept.append(label)
        }
        if keepLast, let last = labels.last, kept.last?.position != last.position {
            while let previous = kept.last,
                box(previous.text, previous.position).overlaps(box(last.text, last.position))
            {
                kept.removeLast()
            }
            kept.append(last)
        }
        return kept
    }

    private static func ideal(
        delay: Double, points: [(concurrency: Double, seconds: Double)], xs: LogScale, ys: LogScale,
        labelled: Bool, placer: inout LabelPlacer
    ) -> String {
        let path = points.map { "\(fixed(xs.position($0.concurrency))),\(fixed(ys.position($0.seconds)))" }
        var parts = [
            ##"<g class="ideal" data-delay="\##(delay)">"##,
            ##"<polyline points="\##(path.joined(separator: " "))" fill="none" stroke="#888888" stroke-width="1.5" stroke-dasharray="6 4"/>"##,
        ]
        // One curve is named by the legend; several are told apart by their delay, at the left end.
        let label = "ideal, \(Format.seconds(delay)) s"
        if labelled, let first = points.first,
            let y = placer.place(
                label, x: xs.position(first.concurrency) + 4, y: ys.position(first.seconds) - 6, size: 11,
                anchor: .start, top: plot.top, bottom: plot.bottom)
        {
            parts.append(
                text(
                    label, x: xs.position(first.concurrency) + 4, y: y,
                    attributes: ##"fill="#666666" font-size="11""##))
        }
        parts.append("</g>")
        return parts.joined(separator: "\n")
    }

    /// Strategies at the same concurrency would hide each other: each is nudged a few units
    /// sideways.
    private static func nudge(_ strategy: BenchStrategy) -> Double {
        (Double(BenchStrategy.allCases.firstIndex(of: strategy)!) - 1.5) * 4
    }

    private static func series(
        _ strategy: BenchStrategy, rows: [BenchRow], xs: LogScale, ys: LogScale, labelDelays: Bool,
        placer: inout LabelPlacer
    ) -> [String] {
        let color = color(strategy)
        let nudge = nudge(strategy)
        var parts = [
            ##"<g class="series" id="series-\##(strategy)" data-strategy="\##(strategy)" stroke="\##(color)" fill="\##(color)">"##
        ]
        let byDelay = Dictionary(grouping: rows) { $0.delay ?? -1 }
        for delay in byDelay.keys.sorted() {
            let points = byDelay[delay]!.sorted { $0.concurrency < $1.concurrency }
            if points.count > 1 {
                let path = points.map {
                    "\(fixed(xs.position(Double($0.concurrency)) + nudge)),\(fixed(ys.position($0.median)))"
                }
                parts.append(
                    ##"<polyline points="\##(path.joined(separator: " "))" fill="none" stroke-width="2"/>"##)
            }
            for row in points {
                let x = fixed(xs.position(Double(row.concurrency)) + nudge)
                let y = fixed(ys.position(row.median))
                parts.append(
                    ##"<line x1="\##(x)" y1="\##(fixed(ys.position(row.min)))" x2="\##(x)" y2="\##(fixed(ys.position(row.max)))" stroke-width="1"/>"##
                )
                let tip =
                    "\(strategy), concurrency \(row.concurrency): median \(Format.fixed(row.median, 3)) s (min \(Format.fixed(row.min, 3)), max \(Format.fixed(row.max, 3)))"
                parts.append(
                    ##"<circle cx="\##(x)" cy="\##(y)" r="4"><title>\##(tip.xmlEscaped)</title></circle>"##)
            }
            // Several delays: each line says its delay at its right end, moved up or down as far as
            // it takes not to cover another label or a point.
            let label = "\(Format.seconds(delay)) s"
            if labelDelays, let last = points.last, delay >= 0 {
                let x = xs.position(Double(last.concurrency)) + nudge + 7
                if let y = placer.place(
                    label, x: x, y: ys.position(last.median) + 4, size: 11, anchor: .start, top: plot.top,
                    bottom: plot.bottom)
                {
                    parts.append(text(label, x: x, y: y, attributes: ##"stroke="none" font-size="11""##))
                }
            }
        }
        parts.append("</g>")
        return parts
    }

    private static let legendTop = plot.top + 10
    private static let legendIdeal = "ideal: ceil(N/m) × d"

    private static func legendText(_ strategy: BenchStrategy) -> String {
        "\(strategy) (\(strategy.executable))"
    }

    private static func legend(strategies: [BenchStrategy]) -> [String] {
        var parts = [##"<g class="legend" font-size="13">"##]
        var y = legendTop
        let (lineStart, lineEnd, textStart) = (legendLeft, legendLeft + 30, legendLeft + 38)
        for strategy in strategies {
            let color = color(strategy)
            parts.append(
                ##"<line x1="\##(lineStart)" y1="\##(y)" x2="\##(lineEnd)" y2="\##(y)" stroke="\##(color)" stroke-width="2"/><circle cx="\##(lineStart + 15)" cy="\##(y)" r="4" fill="\##(color)"/>"##
            )
            parts.append(text(legendText(strategy), x: textStart, y: y + 4))
            y += 22
        }
        parts.append(
            ##"<line x1="\##(lineStart)" y1="\##(y)" x2="\##(lineEnd)" y2="\##(y)" stroke="#888888" stroke-width="1.5" stroke-dasharray="6 4"/>"##
        )
        parts.append(text(legendIdeal, x: textStart, y: y + 4))
        parts.append("</g>")
        return parts
    }

    private static func text(_ content: String, x: Double, y: Double, attributes: String = "") -> String {
        let extra = attributes.isEmpty ? "" : " " + attributes
        return ##"<text x="\##(fixed(x))" y="\##(fixed(y))"\##(extra)>\##(content.xmlEscaped)</text>"##
    }

    private static func fixed(_ value: Double) -> String {
        Format.fixed(value, 1)
    }

}
