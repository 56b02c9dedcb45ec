/// Places a chart's text labels so that none covers another: each label goes where it is wanted
/// if that is free, else to the nearest free place above or below.
///
/// A label's box is estimated from its length and font size (SVG text has no measure without a
/// renderer): `0.62 × size` per character is wider than Helvetica's and Arial's average, so an
/// estimate that does not overlap leaves the real glyphs apart too.
struct LabelPlacer {
    /// A rectangle in SVG units; `y` grows downwards.
    struct Box: Equatable {
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
    }

    /// Where text sits relative to its `x`.
    enum Anchor {
        case start, middle, end
    }

    static let characterWidth = 0.62

    /// The boxes taken so far: labels, and any marks they must not cover.
    private(set) var taken: [Box] = []

    /// The box of `text` drawn at (`x`, `y`) (the baseline), with a 1-unit margin all round.
    static func box(_ text: String, x: Double, y: Double, size: Double, anchor: Anchor) -> Box {
        let width = Double(text.count) * size * characterWidth
        let left =
            switch anchor {
            case .start: x
            case .middle: x - width / 2
            case .end: x - width
            }
        return Box(
            left: left - 1, top: y - size * 0.8 - 1, right: left + width + 1, bottom: y + size * 0.25 + 1)
    }

    /// Marks `box` as taken (a label placed elsewhere, or a mark on the chart).
    mutating func reserve(_ box: Box) {
        taken.append(box)
    }

    /// The baseline `y` nearest to `y` (trying up to `tries` steps of one line above and below)
    /// where `text` covers nothing taken and stays within `top`…`bottom`; the label is then
    /// reserved. `nil` when there is no such place: the label is better left out than drawn
    /// over another.
    mutating func place(
        _ text: String, x: Double, y: Double, size: Double, anchor: Anchor, top: Double, bottom: Double,
        tries: Int = 40
    ) -> Double? {
        let step = size + 2
        for attempt in 0...(2 * tries) {
            // 0, +1, -1, +2, -2, … lines away from where the label is wanted.
            let lines = Double((attempt + 1) / 2) * (attempt % 2 == 1 ? 1 : -1)
            let candidate = y + lines * step
            let box = Self.box(text, x: x, y: candidate, size: size, anchor: anchor)
            guard box.top >= top, box.bottom <= bottom else { continue }
            if !taken.contains(where: box.overlaps) {
                taken.append(box)
                return candidate
            }
        }
        return nil
    }
}
