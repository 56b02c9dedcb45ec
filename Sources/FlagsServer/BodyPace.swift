/// How a slow body is sent.
public enum BodyPace: Sendable, Hashable {
    /// About this many bytes per second: a tenth of it every 100 ms.
    case bytesPerSecond(Int)
    /// The body cut into this many chunks of equal size, with a pause between two chunks.
    case chunks(Int, pause: Duration)

    /// The pieces to send and the pause before each piece after the first, for a body of `length`
    /// bytes: `(sizes, pause)`, the sizes adding up to `length`.
    func pieces(of length: Int) -> (sizes: [Int], pause: Duration) {
        guard length > 0 else { return ([], .zero) }
        switch self {
        case .bytesPerSecond(let rate):
            let size = max(1, rate / 10)
            let count = (length + size - 1) / size
            let sizes = (0..<count).map { min(size, length - $0 * size) }
            return (sizes, .milliseconds(100))
        case .chunks(let count, let pause):
            let count = min(count, length)
            let base = length / count
            let extra = length % count
            // The first `extra` chunks take one byte more, so nothing is lost to rounding.
            return ((0..<count).map { base + ($0 < extra ? 1 : 0) }, pause)
        }
    }
}
