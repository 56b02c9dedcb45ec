extension String {
    /// This text as a JSON string literal, quotes included: `"`, `\` and control characters
    /// escaped (`\n`, `\u001b`), and the two line separators JavaScript once refused inside a
    /// string (`\u2028`, `\u2029`); everything else as it is. For the JSON the package writes by
    /// hand: the flags' `metadata.json`, the bench's report, timelines, the lab page's events.
    public var jsonQuoted: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// This text with the characters XML reserves in content and attribute values escaped
    /// (`&`, `<`, `>`, `"`): for the SVG the bench and the timelines draw.
    public var xmlEscaped: String {
        var result = ""
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
