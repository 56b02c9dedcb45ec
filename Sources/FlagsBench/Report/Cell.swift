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
