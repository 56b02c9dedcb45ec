/// Settings every libcurl client applies to each transfer.
public struct ClientOptions: Sendable, Equatable {
    /// The longest a whole transfer may take, counted from when it starts (not while it waits
    /// for a free slot).
    public var timeout: Duration
    /// The longest connecting may take.
    public var connectTimeout: Duration
    /// Bodies longer than this are abandoned and reported as too large.
    public var maxBodyBytes: Int

    public init(
        timeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(5),
        maxBodyBytes: Int = 10 * 1024 * 1024
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a tiny positive duration never becomes 0
    /// (which libcurl reads as "no limit"). Total for every duration: zero or less gives 1 ms (the
    /// shortest limit, never "none"), and one too long for milliseconds in an `Int` gives `Int.max`.
    var wholeMilliseconds: Int {
        guard self > .zero else { return 1 }
        // Compared as a Duration first: `components` traps past Int64 seconds, and `* 1000`
        // overflows past Int64.max / 1000.
        guard self < .seconds(Int64.max / 1000 - 1) else { return Int.max }
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let remainder = attoseconds % 1_000_000_000_000_000
        return Int(millis) + (remainder > 0 ? 1 : 0)
    }

    /// The duration in seconds as a `Double`, for reports.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
