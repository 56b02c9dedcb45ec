import FlagsShared

/// The waterfall as SVG: one bar per request on a shared time axis, coloured by phase, under a
/// strip that shows how many transfers were in flight; above ``rowLimit`` requests, one row per
/// lane (thread or connection) instead.
///
/// Plain SVG written by hand: any browser shows it, and each bar's tooltip gives its times.
public enum TimelineSVG {
    /// Above this many requests a panel draws one row per lane.
    public static let rowLimit = 200

    static let width = 1100.0
    static let plotLeft = 118.0
    static let plotRight = 1070.0

    /// The waterfall of one run.
    public static func render(_ timeline: Timeline) -> String {
        let axis = TimeAxis(span: timeline.span, left: plotLeft, width: plotRight - plotLeft)
        var body: [String] = []
        var y = 24.0
        body.append(
            text(
                "flags-\(short(timeline.run.strategy)): every request on one time axis", x: plotLeft, y: y,
                attributes: ##"font-size="18" font-weight="bold""##))
        y += 22
        body.append(
            text(timeline.run.title, x: plotLeft, y: y, attributes: ##"font-size="13" fill="#333333""##))
        y += 14
        let rows = timeline.attempts.count > rowLimit ? timeline.lanes.count : timeline.attempts.count
        let rowHeight = min(14, max(2, 560 / Double(max(rows, 1))))
        let panel = Panel(timeline: timeline, axis: axis, top: y, rowHeight: rowHeight, title: nil)
        body += panel.draw()
        y = panel.bottom
        body += drawAxis(axis, top: 60, bottom: y)
        y += 52
        body += legend(x: plotLeft, y: y)
        y += 18
        return document(height: y, body: body)
    }

    /// The bench's figure: one panel per run, stacked, on one time axis.
    ///
    /// - Parameters:
    ///   - title: the figure's first line.
    ///   - subtitle: a second, smaller line (machine, build, date).
    public static func figure(_ timelines: [Timeline], title: String, subtitle: String?) -> String {
        let span = timelines.map(\.span).max() ?? 1
        let axis = TimeAxis(span: span, left: plotLeft, width: plotRight - plotLeft)
        var body: [String] = []
        var y = 24.0
        body.append(text(title, x: plotLeft, y: y, attributes: ##"font-size="18" font-weight="bold""##))
        if let subtitle {
            y += 20
            body.append(text(subtitle, x: plotLeft, y: y, attributes: ##"font-size="11" fill="#555555""##))
        }
        let gridTop = y + 10
        y += 14
        for timeline in timelines {
            let rows = timeline.attempts.count > rowLimit ? timeline.lanes.count : timeline.attempts.count
            let rowHeight = min(9, max(1.5, 200 / Double(max(rows, 1))))
            let panel = Panel(
                timeline: timeline, axis: axis, top: y, rowHeight: rowHeight, title: timeline.run.title)
            body += panel.draw()
            y = panel.bottom + 10
        }
        body += drawAxis(axis, top: gridTop, bottom: y - 10)
        y += 42
        body += legend(x: plotLeft, y: y)
        y += 18
        return document(height: y, body: body)
    }

    private static func short(_ strategy: String) -> String {
        strategy == "sequential" ? "seq" : strategy
    }

    private static func document(height: Double, body: [String]) -> String {
        let h = Int(height.rounded(.up))
        return
            ([
                ##"<?xml version="1.0" encoding="UTF-8"?>"##,
                """
                <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(h)" \
                viewBox="0 0 \(Int(width)) \(h)" font-family="Helvetica, Arial, sans-serif" font-size="12">
                """,
                ##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
            ] + body + ["</svg>", ""]).joined(separator: "\n")
    }

    /// Grid lines through every panel and the labelled axis under them.
    private static func drawAxis(_ axis: TimeAxis, top: Double, bottom: Double) -> [String] {
        let ticks = axis.ticks()
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : axis.span
        var lines: [String] = []
        for tick in ticks {
            let x = number(axis.position(tick))
            lines.append(
                ##"<line x1="\##(x)" y1="\##(number(top))" x2="\##(x)" y2="\##(number(bottom + 4))" stroke="#000000" stroke-opacity="0.12"/>"##
            )
            lines.append(
                text(
                    TimeAxis.label(tick, step: step), x: axis.position(tick), y: bottom + 17,
                    attributes: ##"text-anchor="middle" fill="#333333""##))
        }
        lines.append(
            ##"<line x1="\##(number(axis.left))" y1="\##(number(bottom))" x2="\##(number(axis.left + axis.width))" y2="\##(number(bottom))" stroke="#333333"/>"##
        )
        lines.append(
            text(
                "seconds since the run started", x: axis.left + axis.width, y: bottom + 30,
                attributes: ##"text-anchor="end" fill="#555555" font-size="11""##))
        return lines
    }

    private static func legend(x: Double, y: Double) -> [String] {
        var items: [String] = []
        var at = x
        for phase in TimelinePhase.allCases {
            if phase.isWait {
                items.append(
                    ##"<rect x="\##(number(at))" y="\##(number(y - 6))" width="16" height="3" fill="\##(phase.svgColor)"/>"##
                )
            } else {
                items.append(
                    ##"<rect x="\##(number(at))" y="\##(number(y - 10))" width="16" height="10" fill="\##(phase.svgColor)"/>"##
                )
            }
            items.append(text(phase.label, x: at + 20, y: y, attributes: ##"font-size="11""##))
            at += 28 + Double(phase.label.count) * 5.6
        }
        items.append(
            ##"<rect x="\##(number(at))" y="\##(number(y - 10))" width="16" height="10" fill="none" stroke="\##(failureColor)" stroke-width="1.5"/>"##
        )
        items.append(text("failed", x: at + 20, y: y, attributes: ##"font-size="11""##))
        return items
    }

    static func text(_ content: String, x: Double, y: Double, attributes: String = "") -> String {
        let extra = attributes.isEmpty ? "" : " " + attributes
        return ##"<text x="\##(number(x))" y="\##(number(y))"\##(extra)>\##(content.xmlEscaped)</text>"##
    }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        var text = DecimalText.format(value, digits: 2)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

}

/// One run's part of a figure: its title, its in-flight strip and its rows.
struct Panel {
    let timeline: Timeline
    let axis: TimeAxis
    let top: Double
    let rowHeight: Double
    let title: String?

    static let stripHeight = 40.0

    private var byLane: Bool { timeline.attempts.count > TimelineSVG.rowLimit }
    private var titleHeight: Double { title == nil ? 0 : 18 }
    private var stripTop: Double { top + titleHeight + 4 }
    private var rowsTop: Double { stripTop + Self.stripHeight + 8 }
    private var rowCount: Int { byLane ? timeline.lanes.count : timeline.attempts.count }
    var bottom: Double { rowsTop + Double(max(rowCount, 1)) * rowHeight + 4 }

    func draw() -> [String] {
        var lines: [String] = []
        if let title {
            lines.append(
                TimelineSVG.text(
                    title, x: TimelineSVG.plotLeft, y: top + 14,
                    attributes: ##"font-size="13" font-weight="bold""##))
        }
        lines += strip()
        lines += rows()
        lines += marks()
        return lines
    }

    /// Transfers in flight over time, with its maximum.
    private func strip() -> [String] {
        let steps = timeline.inFlight
        let peak = max(timeline.maxInFlight, 1)
        let base = stripTop + Self.stripHeight
        func y(_ count: Int) -> Double { base - Self.stripHeight * Double(count) / Double(peak) }
        var path = "M\(TimelineSVG.number(axis.left)),\(TimelineSVG.number(base))"
        var current = 0
        for step in steps {
            let x = TimelineSVG.number(axis.position(step.time))
            path += " L\(x),\(TimelineSVG.number(y(current))) L\(x),\(TimelineSVG.number(y(step.count)))"
            current = step.count
        }
        path += " L\(TimelineSVG.number(axis.position(timeline.span))),\(TimelineSVG.number(y(current)))"
        path += " L\(TimelineSVG.number(axis.position(timeline.span))),\(TimelineSVG.number(base)) Z"
        let label = "max \(timeline.maxInFlight) (-m \(timeline.run.concurrency))"
        return [
            ##"<rect x="\##(TimelineSVG.number(axis.left))" y="\##(TimelineSVG.number(stripTop))" width="\##(TimelineSVG.number(axis.width))" height="\##(TimelineSVG.number(Self.stripHeight))" fill="#f3f6f9"/>"##,
            ##"<path class="in-flight" d="\##(path)" fill="#0072b2" fill-opacity="0.25" stroke="#0072b2" stroke-width="1"/>"##,
            TimelineSVG.text(
                "in flight", x: axis.left - 8, y: stripTop + 12,
                attributes: ##"text-anchor="end" font-size="10" fill="#333333""##),
            TimelineSVG.text(
                label, x: axis.left - 8, y: stripTop + 24,
                attributes: ##"text-anchor="end" font-size="10" fill="#0072b2""##),
        ]
    }

    private func rows() -> [String] {
        var lines: [String] = []
        let barHeight = max(1, rowHeight * 0.8)
        let waitHeight = max(0.5, min(3, rowHeight * 0.3))
        let labelled = rowHeight >= 8.5
        let groups: [(label: String, attempts: [TimelineAttempt])] =
            byLane
            ? timeline.lanes.map { ($0.name, $0.attempts) }
            : timeline.rows.map { ($0.attempt > 1 ? "\($0.code) #\($0.attempt)" : $0.code, [$0]) }
        let noun = byLane ? (timeline.run.lanes == .threads ? "thread" : "connection") : "request"
        // One row per lane, or per request sorted by start.
        let caption = byLane ? "\(groups.count) \(noun)\(groups.count == 1 ? "" : "s")" : "requests by start"
        lines.append(
            TimelineSVG.text(
                caption, x: axis.left - 8, y: rowsTop - 2,
                attributes: ##"text-anchor="end" font-size="10" fill="#555555""##))
        for (index, group) in groups.enumerated() {
            let y = rowsTop + Double(index) * rowHeight
            if index % 2 == 1 && rowHeight >= 4 {
                lines.append(
                    ##"<rect x="\##(TimelineSVG.number(axis.left))" y="\##(TimelineSVG.number(y))" width="\##(TimelineSVG.number(axis.width))" height="\##(TimelineSVG.number(rowHeight))" fill="#f7f7f7"/>"##
                )
            }
            if labelled {
                lines.append(
                    TimelineSVG.text(
                        group.label, x: axis.left - 8, y: y + rowHeight * 0.5 + 4,
                        attributes: ##"text-anchor="end" font-size="\##(Int(min(11, rowHeight)))""##))
            }
            for attempt in group.attempts {
                lines += bar(attempt, y: y, barHeight: barHeight, waitHeight: waitHeight)
            }
        }
        return lines
    }

    private func bar(_ attempt: TimelineAttempt, y: Double, barHeight: Double, waitHeight: Double) -> [String]
    {
        let middle = y + rowHeight / 2
        var lines = [##"<g class="attempt">"##, "<title>\(tooltip(attempt).xmlEscaped)</title>"]
        for segment in attempt.segments {
            // A lane shows what occupied it: a thread sleeps out a backoff or a Retry-After, but
            // a request waiting for a slot, or an async task's wait, holds no lane yet.
            if byLane && segment.phase.isWait
                && (segment.phase == .slot || timeline.run.lanes == .connections)
            {
                continue
            }
            let x = axis.position(segment.start)
            let width = max(axis.position(segment.end) - x, segment.phase.isWait ? 0 : 0.5)
            let height = segment.phase.isWait ? waitHeight : barHeight
            lines.append(
                ##"<rect x="\##(TimelineSVG.number(x))" y="\##(TimelineSVG.number(middle - height / 2))" width="\##(TimelineSVG.number(width))" height="\##(TimelineSVG.number(height))" fill="\##(segment.phase.svgColor)"/>"##
            )
        }
        if attempt.failed {
            let x = axis.position(attempt.start)
            let width = max(axis.position(attempt.done) - x, 2)
            lines.append(
                ##"<rect class="failed" x="\##(TimelineSVG.number(x))" y="\##(TimelineSVG.number(middle - barHeight / 2))" width="\##(TimelineSVG.number(width))" height="\##(TimelineSVG.number(barHeight))" fill="none" stroke="\##(failureColor)" stroke-width="1.2"/>"##
            )
        }
        lines.append("</g>")
        return lines
    }

    /// Dashed lines at the run's elapsed time and its ideal time.
    private func marks() -> [String] {
        var lines: [String] = []
        let from = TimelineSVG.number(stripTop)
        let to = TimelineSVG.number(bottom - 4)
        let elapsedX = TimelineSVG.number(axis.position(timeline.run.elapsed))
        lines.append(
            ##"<line x1="\##(elapsedX)" y1="\##(from)" x2="\##(elapsedX)" y2="\##(to)" stroke="#333333" stroke-dasharray="4 3"/>"##
        )
        // Near the right edge a label goes left of its line.
        func label(_ text: String, at x: Double, y: Double, color: String) -> String {
            let left = x > axis.left + axis.width - 60
            return TimelineSVG.text(
                text, x: left ? x - 3 : x + 3, y: y,
                attributes: "font-size=\"10\" fill=\"\(color)\"" + (left ? " text-anchor=\"end\"" : ""))
        }
        lines.append(
            label("elapsed", at: axis.position(timeline.run.elapsed), y: stripTop + 10, color: "#333333"))
        if let ideal = timeline.run.ideal {
            let x = TimelineSVG.number(axis.position(ideal))
            lines.append(
                ##"<line x1="\##(x)" y1="\##(from)" x2="\##(x)" y2="\##(to)" stroke="#009e73" stroke-dasharray="2 3"/>"##
            )
            lines.append(label("ideal", at: axis.position(ideal), y: stripTop + 22, color: "#009e73"))
        }
        return lines
    }

    private func tooltip(_ attempt: TimelineAttempt) -> String {
        func s(_ value: Double?) -> String { value.map { DecimalText.format($0, digits: 4) + " s" } ?? "–" }
        var text = "\(attempt.code) \(attempt.request) #\(attempt.attempt): \(attempt.outcome)"
        text += "; ready \(s(attempt.ready)), start \(s(attempt.start))"
        if attempt.newConnection == true { text += ", connected \(s(attempt.connected))" }
        text += ", first byte \(s(attempt.firstByte)), end \(s(attempt.end))"
        if attempt.cpuDone != nil { text += ", CPU done \(s(attempt.cpuDone))" }
        if attempt.saved != nil { text += ", saved \(s(attempt.saved))" }
        if let port = attempt.localPort, port > 0 {
            text += "; \(attempt.newConnection == true ? "new" : "reused") connection :\(port)"
        }
        return text
    }
}
