/// A linear time axis from 0 to `span` seconds over `width` units, with round ticks.
struct TimeAxis {
    let span: Double
    let left: Double
    let width: Double

    /// - Parameter span: seconds to show; anything not positive and finite shows one second.
    init(span: Double, left: Double, width: Double) {
        self.span = span.isFinite && span > 0 ? span : 1
        self.left = left
        self.width = max(1, width)
    }

    /// Where `time` falls, clamped to the axis.
    func position(_ time: Double) -> Double {
        guard time.isFinite else { return left }
        return left + width * min(max(time / span, 0), 1)
    }

    /// Round tick values: steps of 1, 2 or 5 × 10ⁿ, at most `count` of them past zero.
    func ticks(count: Int = 10) -> [Double] {
        let step = Self.step(span: span, count: max(1, count))
        var values: [Double] = []
        var index = 0.0
        while index * step <= span * 1.000_001, values.count <= 100 {
            values.append(index * step)
            index += 1
        }
        return values
    }

    /// The tick step for `span`: the smallest of 1, 2, 5 × 10ⁿ giving at most `count` steps.
    static func step(span: Double, count: Int) -> Double {
        let rough = span / Double(count)
        var magnitude = 1e-6
        while magnitude * 10 <= rough, magnitude < 1e9 { magnitude *= 10 }
        for factor in [1.0, 2, 5, 10] where magnitude * factor >= rough { return magnitude * factor }
        return magnitude * 10
    }

    /// A tick's label: as many decimals as the step needs (`0.25 s`, `2 s`).
    static func label(_ value: Double, step: Double) -> String {
        var digits = 0
        var scaled = step
        while digits < 6, (scaled - scaled.rounded()).magnitude > 1e-9 {
            scaled *= 10
            digits += 1
        }
        return DecimalText.format(value, digits: digits)
    }
}
