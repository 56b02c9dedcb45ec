/// SplitMix64: a tiny, fast 64-bit mixer and generator (Steele, Lea & Flood, 2014).
///
/// The server's decisions must come out the same on every run and every platform for a given
/// seed, so they cannot use Swift's `Hasher` (randomly seeded per process) or the system
/// random generator. SplitMix64's finaliser spreads every input bit over the whole output,
/// which makes it a good hash for small keys such as (seed, code, attempt).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.finalize(state)
    }

    /// Hashes `value` to a well-mixed 64-bit value: one step of the generator seeded with `value`.
    static func mix(_ value: UInt64) -> UInt64 {
        finalize(value &+ increment)
    }

    /// Combines two values into one well-mixed value; order matters (`combine(a, b) != combine(b, a)`).
    static func combine(_ accumulated: UInt64, _ value: UInt64) -> UInt64 {
        mix(accumulated ^ mix(value))
    }

    /// A value in `0..<1` built from the top 53 bits of `value` (every double in that range is
    /// equally likely, and the result is exactly reproducible).
    static func unitInterval(_ value: UInt64) -> Double {
        Double(value >> 11) * 0x1.0p-53
    }

    /// The golden-ratio increment of SplitMix64.
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
