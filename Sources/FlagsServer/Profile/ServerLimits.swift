/// The ranges every value that enters the server must fall in, in one place: what the
/// `flags-server` command line, a profile file and `PUT /_lab/profile` may set.
///
/// Each value is checked against its range *before* it is converted (to nanoseconds, to a
/// `Duration`…), so no input, however large, NaN or infinite, can make a conversion trap.
/// The bounds are wide enough for any lab drill and far from any overflow: an hour is
/// 3.6 × 10¹² ns, and a pace of 10⁹ bytes/s times 10⁹ ns stays below `Int64.max`.
public enum ServerLimits {
    /// Delays, latencies, pauses between body chunks: 0…1 h. A longer hold is surely a typo,
    /// and an hour holds any real client's timeout.
    public static let delaySeconds: ClosedRange<Double> = 0...3600
    /// Connection timeouts and the shutdown grace: 1 ms…1 h (below a millisecond rounds to 0).
    public static let timeoutSeconds: ClosedRange<Double> = 0.001...3600
    /// `Retry-After` seconds a status fault sends: 0…1 h.
    static let retryAfterSeconds: ClosedRange<Int> = 0...3600
    /// A slow body's pace: 1 byte/s…1 GB/s.
    public static let bytesPerSecond: ClosedRange<Int> = 1...1_000_000_000
    /// A chunked slow body's chunk count.
    static let chunkCount: ClosedRange<Int> = 1...10_000
    /// Probabilities and rates: 0…1.
    public static let probability: ClosedRange<Double> = 0...1
    /// Attempts `fail-first` may fail.
    public static let failFirst: ClosedRange<Int> = 0...1000
    /// `max-in-flight`: at least one request, at most a million.
    public static let maxInFlight: ClosedRange<Int> = 1...1_000_000
    /// Ports: 0 picks a free one.
    public static let port: ClosedRange<Int> = 0...65_535
    /// The longest request line and header fields, together.
    public static let maxHeaderBytes: ClosedRange<Int> = 256...1_048_576

    /// `seconds` as a duration, or `nil` if it is NaN, infinite or outside `range` (checked
    /// before any conversion). Rounded to the nanosecond.
    public static func duration(seconds: Double, within range: ClosedRange<Double>) -> Duration? {
        guard seconds.isFinite, range.contains(seconds), range.upperBound <= 1e9 else { return nil }
        // |seconds| ≤ 10⁹, so the nanoseconds stay below 10¹⁸ < Int64.max: no trap.
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// `range` as text for messages: `0...3600`, `0.001...3600`.
    public static func text(_ range: ClosedRange<Double>) -> String {
        "\(number(range.lowerBound))...\(number(range.upperBound))"
    }

    /// `3600.0` → `"3600"`, `0.001` → `"0.001"`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else { return "\(value)" }
        return "\(Int64(value))"
    }
}
