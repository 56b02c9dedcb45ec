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
    init(covering values: [Double], padding: Double, start: Double, end: Double) {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        var low = (positive.min() ?? 1) / padding
        var high = (positive.max() ?? 1) * padding
        if high / low < 4 {  // a single point: show a decade around it
            let middle = (low * high).squareRoot()
            (low, high) = (middle / 2, middle * 2)
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
                if value >= lower && value <= upper { result.append(value) }
            }
            decade += 1
        }
        return result
    }
}
