import FlagsShared

/// One value of a row, typed just enough to be written as CSV or JSON.
enum Cell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case number(Double)
    case flag(Bool)
    /// Not known: empty in CSV, `null` in JSON, "–" in the table.
    case missing

    /// The value as JSON.
    var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .integer(let value): .integer(value)
        case .number(let value): .number(value)
        case .flag(let value): .bool(value)
        case .missing: .null
        }
    }
}

/// A JSON document whose objects keep their keys in the order written, so `--json` lists a
/// row's fields in the same order as the CSV's columns.
indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// The text, indented by two spaces per level.
    func rendered(indent: Int = 0) -> String {
        let inner = String(repeating: " ", count: indent + 2)
        let outer = String(repeating: " ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return value.isFinite ? "\(value)" : "null"
        case .string(let text): return text.jsonQuoted
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            let body = items.map { inner + $0.rendered(indent: indent + 2) }.joined(separator: ",\n")
            return "[\n\(body)\n\(outer)]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            let body = members.map { "\(inner)\($0.0.jsonQuoted): \($0.1.rendered(indent: indent + 2))" }
                .joined(separator: ",\n")
            return "{\n\(body)\n\(outer)}"
        }
    }
}
