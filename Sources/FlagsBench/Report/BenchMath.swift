/// The arithmetic behind every column of the bench: medians, speedups, the ideal time and
/// Little's law. Pure functions on plain numbers, so tests can check them on fixed inputs.
enum BenchMath {
    /// The middle value; for an even count, the mean of the two middle values.
    ///
    /// - Returns: `nil` for an empty list.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// How many times faster `measured` is than `baseline` (both in seconds).
    ///
    /// - Returns: `baseline ÷ measured`, or `nil` when `measured` is not positive.
    static func speedup(baseline: Double, measured: Double) -> Double? {
        measured > 0 ? baseline / measured : nil
    }

    /// The least time `codes` transfers can take when `concurrency` of them run at once and the
    /// server holds each response `delay` seconds: `ceil(codes ÷ concurrency) × delay`.
    ///
    /// Twenty flags with twenty at once take one round (0.5 s at 0.5 s each); with seven at once
    /// they take three rounds (1.5 s), however fast the client is.
    static func idealSeconds(codes: Int, concurrency: Int, delay: Double) -> Double {
        precondition(codes >= 0 && concurrency >= 1, "codes ≥ 0 and concurrency ≥ 1")
        let rounds = (codes + concurrency - 1) / concurrency
        return Double(rounds) * delay
    }

    /// How close a measurement came to the ideal: `ideal ÷ measured` (1.0 is perfect).
    ///
    /// - Returns: `nil` when either is not positive (with no delay the ideal is 0: nothing to
    ///   compare against).
    static func efficiency(ideal: Double, measured: Double) -> Double? {
        ideal > 0 && measured > 0 ? ideal / measured : nil
    }

    /// Little's law, L = λ·W: the mean number of transfers in flight, given `count` transfers done
    /// in `elapsed` seconds (the throughput λ = count ÷ elapsed) that each took `latency`
    /// seconds (W).
    static func littlesLaw(count: Int, elapsed: Double, latency: Double) -> Double {
        elapsed > 0 ? Double(count) / elapsed * latency : 0
    }

    /// CPU time over wall-clock time: about 1 for a process that keeps one core busy, about the
    /// number of cores for one that keeps them all busy, near 0 for one that mostly waits.
    ///
    /// - Returns: `nil` when `wall` is not positive.
    static func cpuPerWall(cpu: Double, wall: Double) -> Double? {
        wall > 0 ? cpu / wall : nil
    }

    /// `value` rounded to `places` decimal places, so every output shows the same number.
    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
