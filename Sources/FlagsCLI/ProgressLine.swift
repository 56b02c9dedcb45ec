import FlagsCore
import Synchronization

/// The line on stderr that shows a run moving: `  37/194  19% ▕████▌      ▏ 12.3/s 3.1s`.
///
/// Only drawn when stderr is a terminal; redrawn at most ten times a second.
final class ProgressLine: Sendable {
    private let total: Int
    private let color: Bool
    private let started = ContinuousClock.now
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)

    init(total: Int, color: Bool) {
        self.total = total
        self.color = color
    }

    /// Redraws the line for `done` finished codes (always when all are done).
    func update(done: Int) {
        let now = ContinuousClock.now
        let due = lastDrawn.withLock { last in
            guard done >= total || last.map({ $0.duration(to: now) >= .milliseconds(100) }) ?? true else {
                return false
            }
            last = now
            return true
        }
        if due {
            Terminal.error(
                "\r" + Self.render(done: done, total: total, elapsed: started.duration(to: now), color: color)
                    + "\u{1B}[K")
        }
    }

    /// Erases the line, leaving the cursor at the start of it.
    func clear() {
        Terminal.error("\r\u{1B}[2K")
    }

    /// The text of the line, without control characters other than colour.
    static func render(done: Int, total: Int, elapsed: Duration, color: Bool) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 20
        let eighths = Int((fraction * Double(width * 8)).rounded(.down))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < width { bar += partials[eighths % 8] }
        bar += String(repeating: " ", count: max(0, width - bar.count))
        if color { bar = "\u{1B}[36m\(bar)\u{1B}[0m" }
        let seconds = elapsed.seconds
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let count = String(done).leftPadded(to: String(total).count)
        let percent = String(Int(fraction * 100)).leftPadded(to: 3)
        return "\(count)/\(total) \(percent)% ▕\(bar)▏ \(format(rate))/s \(format(seconds))s"
    }

    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
