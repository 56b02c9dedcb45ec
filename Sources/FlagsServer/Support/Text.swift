// The text helpers of the server's parsers and writers: exact seconds, zero padding, trimming.

extension Duration {
    /// The whole number of nanoseconds in this duration, saturated at `Int64.min`/`.max` (the
    /// server's own durations are at most an hour, but a caller may build any `Duration`).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        guard !overflowAgain else { return seconds < 0 ? .min : .max }
        return total
    }

    /// Seconds with as many decimals as it has, up to nanoseconds, and no trailing zeros: `0.5`,
    /// `1`, `0.125`, `0.0001`. Exact, so a value printed in a profile or a fault reads back as the
    /// same value (the fuzz target `fault` checks the round trip).
    var secondsText: String {
        let nanoseconds = self.nanoseconds
        let sign = nanoseconds < 0 ? "-" : ""
        let magnitude = nanoseconds.magnitude
        let whole = magnitude / 1_000_000_000
        let fraction = magnitude % 1_000_000_000
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 9 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(sign)\(whole).\(decimals)"
    }
}

extension String {
    /// This string with zeros in front, at least `width` characters long.
    func zeroPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Substring {
    /// This text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
