/// The waterfall for the terminal: a strip of transfers in flight, then one line per request
/// (or per lane when the requests would not fit the terminal's height), bars of Unicode blocks
/// scaled to the width, coloured by phase when colour is allowed.
public enum TextWaterfall {
    /// The lines to print, none wider than `width` columns (escape codes aside).
    ///
    /// - Parameters:
    ///   - width: the terminal's columns (at least 20 are used).
    ///   - height: the terminal's rows, if known: more requests than fit go one line per lane.
    ///   - color: ANSI 256-colour escapes.
    public static func render(_ timeline: Timeline, width: Int, height: Int? = nil, color: Bool) -> [String] {
        let width = max(20, width)
        let chrome = 5
        let byLane = height.map { timeline.attempts.count + chrome > $0 } ?? false
        let groups: [(label: String, attempts: [TimelineAttempt])] =
            byLane
            ? timeline.lanes.map { ($0.name, $0.attempts) }
            : timeline.rows.map { ($0.attempt > 1 ? "\($0.code) #\($0.attempt)" : $0.code, [$0]) }
        let suffixWidth = width >= 40 ? 8 : 0
        let labelWidth = min(
            max(groups.map(\.label.count).max() ?? 2, 9), 13, max(2, (width - suffixWidth) / 4))
        let barWidth = width - labelWidth - 1 - suffixWidth
        let span = timeline.span
        let paint = Painter(color: color)

        var lines: [String] = []
        lines.append(clip("Timeline · " + timeline.run.title, width))
        lines.append(
            pad("in flight", labelWidth, clip: true) + " "
                + strip(timeline, span: span, cells: barWidth, paint: paint)
                + (suffixWidth > 0 ? pad(" max \(timeline.maxInFlight)", suffixWidth, clip: true) : ""))
        lines.append(String(repeating: " ", count: labelWidth + 1) + axisLabels(span: span, cells: barWidth))
        for group in groups {
            let cells = bar(
                group.attempts, span: span, cells: barWidth,
                // A lane shows what occupied it (see TimelineSVG): a thread's backoff, no slot.
                shows: { phase in
                    !byLane || !phase.isWait || (phase != .slot && timeline.run.lanes == .threads)
                })
            var line = pad(group.label, labelWidth, clip: true) + " " + paint.cells(cells)
            if suffixWidth > 0 {
                line += suffix(group.attempts, byLane: byLane, width: suffixWidth, paint: paint)
            }
            lines.append(line)
        }
        lines.append(contentsOf: legend(width: width, paint: paint))
        return lines
    }

    /// The characters a line's cells hold: each cell the phase that filled most of it, a doing
    /// phase (connect, waiting, body, CPU, save) before any wait, so a short request still shows.
    static func bar(
        _ attempts: [TimelineAttempt], span: Double, cells: Int,
        shows: (TimelinePhase) -> Bool = { _ in true }
    ) -> [TimelinePhase?] {
        guard cells > 0 else { return [] }
        var cover = [[TimelinePhase: Double]](repeating: [:], count: cells)
        let scale = Double(cells) / (span > 0 && span.isFinite ? span : 1)
        for attempt in attempts {
            for segment in attempt.segments where shows(segment.phase) {
                let from = max(0, segment.start * scale)
                let to = min(Double(cells), max(from, segment.end * scale))
                guard from.isFinite, to.isFinite, from < Double(cells) else { continue }
                // `from` and `to` are within 0...cells here: the conversions cannot trap.
                var cell = Int(from)
                repeat {
                    let overlap = min(to, Double(cell + 1)) - max(from, Double(cell))
                    cover[cell][segment.phase, default: 0] += max(overlap, 1e-9)
                    cell += 1
                } while Double(cell) < to && cell < cells
            }
        }
        return cover.map { phases in
            let doing = phases.filter { !$0.key.isWait }
            let pool = doing.isEmpty ? phases : doing
            return pool.max { ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue) }?.key
        }
    }

    private static func strip(_ timeline: Timeline, span: Double, cells: Int, paint: Painter) -> String {
        guard cells > 0 else { return "" }
        let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var peaks = [Int](repeating: 0, count: cells)
        let steps = timeline.inFlight
        let scale = Double(cells) / (span > 0 ? span : 1)
        for (index, step) in steps.enumerated() {
            let until = index + 1 < steps.count ? steps[index + 1].time : span
            let from = min(Double(cells - 1), max(0, step.time * scale))
            let to = min(Double(cells - 1), max(from, until * scale))
            guard from.isFinite, to.isFinite else { continue }
            for cell in Int(from)...Int(to) { peaks[cell] = max(peaks[cell], step.count) }
        }
        let top = max(1, timeline.maxInFlight)
        let text = String(
            peaks.map { count in
                count == 0 ? " " : levels[max(1, min(8, (count * 8 + top - 1) / top))]
            })
        return paint.wrap(text, code: 25)
    }

    /// Round times placed under their cells: `0`, `0.1`, … `0.5 s`.
    private static func axisLabels(span: Double, cells: Int) -> String {
        guard cells > 0 else { return "" }
        let step = TimeAxis.step(span: span, count: max(1, cells / 10))
        var row = [Character](repeating: " ", count: cells)
        var free = 0
        var value = 0.0
        while value <= span * 1.000_001 {
            let label = value == 0 ? "0 s" : TimeAxis.label(value, step: step)
            let position = min(cells - 1, Int(value / span * Double(cells)))
            if position >= free, position + label.count <= cells {
                for (offset, character) in label.enumerated() { row[position + offset] = character }
                free = position + label.count + 1
            }
            value += step
        }
        return String(row)
    }

    private static func suffix(_ attempts: [TimelineAttempt], byLane: Bool, width: Int, paint: Painter)
        -> String
    {
        if byLane {
            return pad(" \(attempts.count)×", width, clip: true)
        }
        guard let attempt = attempts.first else { return pad("", width) }
        if attempt.failed {
            return paint.wrap(pad(" " + attempt.outcome, width, clip: true), code: 160)
        }
        let seconds = attempt.done - attempt.start
        let text =
            seconds < 10 ? DecimalText.format(seconds, digits: 3) : DecimalText.format(seconds, digits: 1)
        return pad(" \(text)s", width, clip: true)
    }

    private static func legend(width: Int, paint: Painter) -> [String] {
        var lines: [String] = []
        var line = ""
        var visible = 0
        for phase in TimelinePhase.allCases {
            let item = String("\(phase.glyph) \(phase.label)".prefix(width))
            let needed = item.count + (visible == 0 ? 0 : 2)
            if visible + needed > width, visible > 0 {
                lines.append(line)
                line = ""
                visible = 0
            }
            line += (visible == 0 ? "" : "  ") + paint.cells([phase]) + String(item.dropFirst())
            visible += visible == 0 ? item.count : item.count + 2
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private static func pad(_ text: String, _ width: Int, clip: Bool = false) -> String {
        let clipped = clip ? String(text.prefix(width)) : text
        return clipped + String(repeating: " ", count: max(0, width - clipped.count))
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

/// Colours cells and words, or leaves them plain.
private struct Painter {
    let color: Bool

    func wrap(_ text: String, code: Int) -> String {
        color ? "\u{1B}[38;5;\(code)m\(text)\u{1B}[0m" : text
    }

    /// Runs of cells in one escape each: full blocks in the phase's colour, or its glyph.
    func cells(_ cells: [TimelinePhase?]) -> String {
        var result = ""
        var index = 0
        while index < cells.count {
            let phase = cells[index]
            var end = index + 1
            while end < cells.count && cells[end] == phase { end += 1 }
            let count = end - index
            if let phase {
                if color {
                    let character: Character = phase.isWait ? phase.glyph : "█"
                    result += wrap(String(repeating: character, count: count), code: phase.terminalColor)
                } else {
                    result += String(repeating: phase.glyph, count: count)
                }
            } else {
                result += String(repeating: " ", count: count)
            }
            index = end
        }
        return result
    }
}
