/// Numbers as text without Foundation: fixed decimals, never a trap.
enum DecimalText {
    /// `value` with `digits` decimals (0 to 9): `0.5` → `"0.50"` for 2 digits. Non-finite values
    /// and values too large for a fixed notation (1e15 and more) come out as `"0"`-free words.
    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let digits = max(0, min(digits, 9))
        guard abs(value) < 1e15 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        // |value| < 1e15 and scale ≤ 1e9: the product stays below 2^63 (about 9.2e18).
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return "\(value)" }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        let fraction = units % Int64(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return "\(sign)\(whole).\(fractionText)"
    }

    /// `value` with at most `digits` decimals and no trailing zeros: `0.5`, `10`, `0.125`.
    static func trimmed(_ value: Double, digits: Int) -> String {
        var text = format(value, digits: digits)
        guard value.isFinite, text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
