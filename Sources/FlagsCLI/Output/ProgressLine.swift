import Dispatch
import FlagsCore
import Synchronization

/// The line on stderr that shows a run moving: `  37/194  19% ▕████▌      ▏ 12.3/s 3 in flight 3.1s`.
///
/// Only drawn when stderr is a terminal. Redrawn when a flag finishes (at most ten times a
/// second) and once a second while `start` has it ticking, so the elapsed time and the transfers
/// in flight move even when nothing finishes (a stalling server).
final class ProgressLine: Sendable {
    private struct State {
        var done = 0
        var lastDrawn: ContinuousClock.Instant?
        /// Set by `start()`: one timer per line.
        var ticking = false
        /// Set by `clear()`: no redraw after the line is gone, not even a late tick.
        var cleared = false
    }

    private let total: Int
    private let color: Bool
    private let inFlight: @Sendable () -> Int
    private let started = ContinuousClock.now
    /// Drawing happens under this lock too, so a tick and a finished flag never interleave their
    /// bytes, and nothing is drawn after `clear()`.
    private let state = Mutex(State())

    /// - Parameter inFlight: the transfers in flight now (the downloader's gauge).
    init(total: Int, color: Bool, inFlight: @escaping @Sendable () -> Int) {
        self.total = total
        self.color = color
        self.inFlight = inFlight
    }

    /// Draws the line now and then once a second until `clear()`.
    func start() {
        let first = state.withLock { state -> Bool in
            defer { state.ticking = true }
            return !state.ticking && !state.cleared
        }
        guard first else { return }
        // The timer stops itself on the first tick after `clear()` (or once the line is gone);
        // cancelling it releases its handler, and with it the timer.
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            if self?.tick() != true { timer.cancel() }
        }
        timer.resume()
        update(done: 0)
    }

    /// Redraws the line for `done` finished codes (always when all are done).
    func update(done: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.done = max(state.done, done)
            guard !state.cleared,
                done >= total || state.lastDrawn.map({ $0.duration(to: now) >= .milliseconds(100) }) ?? true
            else { return }
            draw(&state, now: now)
        }
    }

    /// The once-a-second redraw: the same count, a later time.
    ///
    /// - Returns: `false` once the line is cleared: the ticking is over.
    private func tick() -> Bool {
        state.withLock { state in
            guard !state.cleared else { return false }
            draw(&state, now: .now)
            return true
        }
    }

    private func draw(_ state: inout State, now: ContinuousClock.Instant) {
        state.lastDrawn = now
        let line = Self.render(
            done: state.done, total: total, elapsed: started.duration(to: now), color: color,
            inFlight: inFlight())
        Terminal.error("\r" + line + "\u{1B}[K")
    }

    /// Stops the ticking and erases the line, leaving the cursor at the start of it.
    func clear() {
        state.withLock { state in
            state.cleared = true
            Terminal.error("\r\u{1B}[2K")
        }
    }

    /// The text of the line, without control characters other than colour.
    ///
    /// - Parameter inFlight: transfers in flight, shown before the elapsed time when given.
    static func render(done: Int, total: Int, elapsed: Duration, color: Bool, inFlight: Int? = nil) -> String
    {
        let fraction = total > 0 ? Double(min(max(done, 0), total)) / Double(total) : 1
        let width = 20
        let eighths = Int((fraction * Double(width * 8)).rounded(.down))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < width { bar += partials[eighths % 8] }
        bar += String(repeating: " ", count: max(0, width - bar.count))
        if color { bar = "\u{1B}[36m\(bar)\u{1B}[0m" }
        let seconds = elapsed.seconds
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let count = String(done).spacePadded(to: String(total).count)
        let percent = String(Int(fraction * 100)).spacePadded(to: 3)
        let flying = inFlight.map { " \($0) in flight" } ?? ""
        return "\(count)/\(total) \(percent)% ▕\(bar)▏ \(format(rate))/s\(flying) \(format(seconds))s"
    }

    /// One decimal; a value that is not finite or too large to round prints as `-`, never traps.
    private static func format(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e12 else { return "-" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    /// This string with spaces in front, at least `width` characters long (for columns of numbers).
    func spacePadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
