/// How a slow body is sent.
public enum BodyPace: Sendable, Hashable {
    /// This many bytes per second (`slow:1` is one byte a second): pieces of a tenth of the rate
    /// (one byte at least), each after the pause that keeps the average at the rate.
    case bytesPerSecond(Int)
    /// The body cut into this many chunks of equal size, with a pause between two chunks.
    case chunks(Int, pause: Duration)

    /// The pieces to send and the pause before each piece after the first, for a body of `length`
    /// bytes: `(sizes, pause)`, the sizes adding up to `length`.
    ///
    /// For ``bytesPerSecond(_:)`` each piece of `size` bytes is followed by `size / rate` seconds:
    /// rate 8192 sends 819 bytes every 99.98 ms; rate 1 sends 1 byte a second.
    func pieces(of length: Int) -> (sizes: [Int], pause: Duration) {
        guard length > 0 else { return ([], .zero) }
        switch self {
        case .bytesPerSecond(let asked):
            // Clamped to the parser's range, so `size * 10⁹` cannot overflow whatever a caller built.
            let rate = min(
                max(asked, ServerLimits.bytesPerSecond.lowerBound), ServerLimits.bytesPerSecond.upperBound)
            let size = max(1, rate / 10)
            let count = (length + size - 1) / size
            let sizes = (0..<count).map { min(size, length - $0 * size) }
            return (sizes, .nanoseconds(Int64(size) * 1_000_000_000 / Int64(rate)))
        case .chunks(let count, let pause):
            let count = min(max(count, 1), length)
            let base = length / count
            let extra = length % count
            // The first `extra` chunks take one byte more, so nothing is lost to rounding.
            return ((0..<count).map { base + ($0 < extra ? 1 : 0) }, pause)
        }
    }
}
