/// How long the server holds each response before sending it.
public enum ResponseDelay: Sendable, Hashable, CustomStringConvertible {
    /// Every response waits exactly this long (`.fixed(.zero)` answers at once).
    case fixed(Duration)
    /// Each response waits a duration drawn uniformly from the range, decided by the seed.
    case uniform(ClosedRange<Duration>)

    /// No delay at all.
    public static let zero = ResponseDelay.fixed(.zero)

    /// The longest delay this setting can produce.
    public var maximum: Duration {
        switch self {
        case .fixed(let duration): duration
        case .uniform(let range): range.upperBound
        }
    }

    /// Parses the command-line form: seconds (`0.5`), a range of seconds (`0.1...0.9`), or a base
    /// and a jitter (`0.5±0.1` or `0.5+-0.1`, the same as `0.4...0.6`; the range stops at 0).
    ///
    /// Returns `nil` for anything else, including negative, non-finite or reversed values.
    public init?(parsing text: String) {
        // A NUL would end the text early for the C number parser behind `Double(_:)`.
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return nil
        }
        if let jittered = Self.jittered(text) {
            self = jittered
            return
        }
        let parts = text.split(separator: "...", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let seconds = Self.seconds(parts[0]) else { return nil }
            self = .fixed(seconds)
        case 2:
            guard let low = Self.seconds(parts[0]), let high = Self.seconds(parts[1]), low <= high else {
                return nil
            }
            self = low == high ? .fixed(low) : .uniform(low...high)
        default:
            return nil
        }
    }

    /// `"no delay"`, `"0.5 s"` or `"0.1...0.9 s"`.
    public var description: String {
        switch self {
        case .fixed(let duration) where duration == .zero: "no delay"
        case .fixed(let duration): "\(duration.secondsText) s"
        case .uniform(let range): "\(range.lowerBound.secondsText)...\(range.upperBound.secondsText) s"
        }
    }

    /// The form ``init(parsing:)`` reads back: `0`, `0.5`, `0.1...0.9`.
    public var argument: String {
        switch self {
        case .fixed(let duration): duration.secondsText
        case .uniform(let range): "\(range.lowerBound.secondsText)...\(range.upperBound.secondsText)"
        }
    }

    /// The delay for one request, given a uniformly distributed `fraction` in `0..<1`.
    func duration(at fraction: Double) -> Duration {
        switch self {
        case .fixed(let duration):
            return duration
        case .uniform(let range):
            // Work in whole nanoseconds so the result is exactly reproducible for a given fraction.
            let low = range.lowerBound.nanoseconds
            let span = range.upperBound.nanoseconds - low
            return .nanoseconds(low + Int64((Double(span) * fraction).rounded(.down)))
        }
    }

    /// Delays above an hour are surely a typo; refusing them keeps the arithmetic far from overflow
    /// (``ServerLimits/delaySeconds``).
    static let limit = Duration.seconds(3600)

    /// `BASE±JITTER` or `BASE+-JITTER` as the range it spans, or `nil` if `text` is not that form.
    private static func jittered(_ text: String) -> ResponseDelay? {
        for separator in ["±", "+-"] {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            guard let base = seconds(parts[0]), let jitter = seconds(parts[1]) else { return nil }
            let low = base > jitter ? base - jitter : .zero
            let high = base + jitter
            guard high <= limit else { return nil }
            return low == high ? .fixed(low) : .uniform(low...high)
        }
        return nil
    }

    private static func seconds(_ text: Substring) -> Duration? {
        let trimmed = text.trimmingWhitespace()
        // Range first, conversion after: `1e10` seconds is refused, not converted (it would trap).
        guard let value = Double(trimmed) else { return nil }
        return ServerLimits.duration(seconds: value, within: ServerLimits.delaySeconds)
    }
}
