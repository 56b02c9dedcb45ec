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

    /// Seconds with up to three decimals and no trailing zeros: `0.5`, `1`, `0.125`.
    var secondsText: String {
        // |nanoseconds| / 10⁶ is far inside Int64: the conversion cannot trap.
        let signed = Int64((Double(nanoseconds) / 1e6).rounded())
        let sign = signed < 0 ? "-" : ""
        let milliseconds = signed.magnitude
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(sign)\(whole).\(decimals)"
    }
}
