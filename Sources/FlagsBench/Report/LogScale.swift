import Foundation

/// Maps positive values to positions along a logarithmic axis, and picks its ticks.
struct LogScale: Sendable {
    /// The smallest and largest values shown.
    let lower: Double
    let upper: Double
    /// The positions (in SVG units) of `lower` and `upper`; `end < start` for a vertical axis.
    let start: Double
    let end: Double

    /// A scale that shows every one of `values` (those above 0), with a margin of `padding`
    /// (a factor) at each end.
    ///
    /// - Parameter snap: Widen the ends to the nearest 1, 2 or 5 times a power of ten, so both
    ///   ends are labelled ticks (the time axis), instead of centring the values (the
    ///   concurrency axis, whose ticks are the measured values).
    init(covering values: [Double], padding: Double, start: Double, end: Double, snap: Bool = false) {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        var low = (positive.min() ?? 1) / padding
        var high = (positive.max() ?? 1) * padding
        if high / low < 4 {  // a single point, or values close together: a factor 4 around them
            let middle = (low * high).squareRoot()
            (low, high) = (middle / 2, middle * 2)
        }
        if snap {
            low = Self.nice(below: low)
            high = Self.nice(above: high)
        }
        lower = low
        upper = high
        self.start = start
        self.end = end
    }

    /// Where `value` goes; values outside the range are clamped to its ends.
    func position(_ value: Double) -> Double {
        let clamped = Swift.min(Swift.max(value, lower), upper)
        let fraction = (log10(clamped) - log10(lower)) / (log10(upper) - log10(lower))
        return start + fraction * (end - start)
    }

    /// 1, 2 and 5 times each power of ten within the range.
    var ticks: [Double] {
        var result: [Double] = []
        var decade = Int(floor(log10(lower)))
        while pow(10, Double(decade)) <= upper {
            for step in [1.0, 2, 5] {
                let value = BenchMath.rounded(step * pow(10, Double(decade)), places: 9)
                if value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) { result.append(value) }
            }
            decade += 1
        }
        return result
    }

    /// The largest 1, 2 or 5 times a power of ten at or below `value` (positive).
    static func nice(below value: Double) -> Double {
        let decade = pow(10, floor(log10(value)))
        let step = [5.0, 2, 1].first { $0 * decade <= value * (1 + 1e-9) } ?? 1
        return BenchMath.rounded(step * decade, places: 9)
    }

    /// The smallest 1, 2 or 5 times a power of ten at or above `value` (positive).
    static func nice(above value: Double) -> Double {
        let decade = pow(10, floor(log10(value)))
        let step = [1.0, 2, 5, 10].first { $0 * decade >= value * (1 - 1e-9) } ?? 10
        return BenchMath.rounded(step * decade, places: 9)
    }
}
