// Imports nothing on purpose: a fuzz target compiles this file on its own.

/// A number of seconds from outside (a command line, a file) made into a `Duration`, only once it
/// is known to be finite and in range: converting first would trap on `inf`, `nan` or `1e300`.
public enum BoundedSeconds {
    /// The widest range this type converts: a day, counted in whole milliseconds, fits an `Int64`
    /// by a wide margin.
    static let widest: ClosedRange<Double> = 0...86_400

    /// `seconds` as a duration rounded up to whole milliseconds (so that 0.0001 s never becomes
    /// 0 ms, which libcurl reads as "no limit"), or `nil` when it is not finite or outside `range`
    /// (itself clamped to `widest`).
    public static func duration(_ seconds: Double, in range: ClosedRange<Double>) -> Duration? {
        let lower = max(range.lowerBound, widest.lowerBound)
        let upper = min(range.upperBound, widest.upperBound)
        guard seconds.isFinite, lower <= upper, seconds >= lower, seconds <= upper else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// "between 0.001 and 3600 seconds", for messages.
    public static func describe(_ range: ClosedRange<Double>) -> String {
        "between \(plain(range.lowerBound)) and \(plain(range.upperBound)) seconds"
    }

    /// `3600` rather than `3600.0`; other values as Swift prints them.
    private static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
