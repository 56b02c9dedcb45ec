extension Duration {
    /// The whole number of nanoseconds in this duration (durations here are well under 292 years).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Seconds with up to three decimals and no trailing zeros: `0.5`, `1`, `0.125`.
    var secondsText: String {
        let milliseconds = (Double(nanoseconds) / 1e6).rounded()
        let whole = Int64(milliseconds) / 1000
        let fraction = Int64(milliseconds) % 1000
        guard fraction != 0 else { return "\(whole)" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(whole).\(decimals)"
    }
}
