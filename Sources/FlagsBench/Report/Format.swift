import Foundation

/// How numbers are written in every output, so the table, the CSV and the JSON agree.
enum Format {
    /// What a table cell shows for a value that is not known.
    static let missing = "–"

    /// `value` with exactly `places` decimals: `fixed(0.5234, 2)` is `"0.52"`.
    static func fixed(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }

    /// A count and its noun, singular for one: `count(1, "flag")` is `"1 flag"`, `count(20, "flag")`
    /// is `"20 flags"`.
    static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }

    /// Seconds as short as they can be written: `0.5`, `0.05`, `2`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// A `Duration` in seconds, as a `Double`.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
