import Foundation

/// Reads the three outputs of one bench (table, CSV, JSON) and lists every place where they
/// disagree. Written against the documented formats, not the bench's own code.
enum OutputComparison {
    /// Every column the table can show, in the documented order (`--wide` shows them all).
    static let allHeadings = [
        "strategy", "delay", "codes", "conc", "got", "median", "min", "max", "speedup", "ideal", "eff",
        "flight", "server", "CPU s", "CPU/wall", "RSS MB",
    ]

    /// The headings the table shows, in order (no heading is part of another one).
    static func headings(_ table: String) -> [String] {
        guard let line = table.split(separator: "\n").first(where: { $0.hasPrefix("strategy ") }) else {
            return []
        }
        return allHeadings.filter { line.contains($0) }
    }

    /// The data lines of the table, split into cells: the lines after the `strategy …` heading,
    /// up to the first empty line.
    static func tableRows(_ table: String) -> [[String]] {
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let heading = lines.firstIndex(where: { $0.hasPrefix("strategy ") }) else { return [] }
        return lines[(heading + 1)...].prefix { !$0.isEmpty }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
    }

    /// The table's rows as dictionaries by heading.
    static func tableCells(_ table: String) -> [[String: String]] {
        let headings = headings(table)
        return tableRows(table).map { Dictionary(uniqueKeysWithValues: zip(headings, $0)) }
    }

    /// The CSV as dictionaries by column name.
    static func csvRows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map(String.init)
        guard
            let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        else {
            return []
        }
        return lines.dropFirst().map { line in
            let cells = splitCSV(line)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    static func jsonRows(_ json: String) -> [[String: Any]] {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?["rows"] as? [[String: Any]] ?? []
    }

    /// Every disagreement, as text; empty when the three outputs agree.
    static func disagreements(table: String, csv: String, json: String) -> [String] {
        let tableRows = tableRows(table)
        let csvRows = csvRows(csv)
        let jsonRows = jsonRows(json)
        var problems: [String] = []
        guard !jsonRows.isEmpty, tableRows.count == jsonRows.count, csvRows.count == jsonRows.count else {
            return [
                "row counts differ: table \(tableRows.count), CSV \(csvRows.count), JSON \(jsonRows.count)"
            ]
        }
        for (index, json) in jsonRows.enumerated() {
            // CSV against JSON: every column, as typed values.
            for (key, text) in csvRows[index] where !agrees(csv: text, json: json[key]) {
                problems.append("row \(index) \(key): CSV '\(text)' vs JSON \(String(describing: json[key]))")
            }
            if csvRows[index].count != json.count {
                problems.append(
                    "row \(index): CSV has \(csvRows[index].count) columns, JSON \(json.count) keys")
            }
            // Table against JSON: each cell shown, as the documented format writes the JSON value.
            let cells = tableRows[index]
            let all: [String: String] = [
                "strategy": (json["strategy"] as? String ?? "?")
                    + ((json["debug_build"] as? Bool ?? false) ? "*" : ""),
                "delay": number(json["delay_s"]) { String(format: "%.2f", $0) },
                "codes": number(json["codes"]) { String(Int($0)) },
                "conc": number(json["concurrency"]) { String(Int($0)) },
                "got": number(json["concurrency_delivered"]) { String(Int($0)) },
                "median": number(json["median_s"]) { String(format: "%.3f", $0) },
                "min": number(json["min_s"]) { String(format: "%.3f", $0) },
                "max": number(json["max_s"]) { String(format: "%.3f", $0) },
                "speedup": number(json["speedup"]) { String(format: "%.1fx", $0) },
                "ideal": number(json["ideal_s"]) { String(format: "%.3f", $0) },
                "eff": number(json["efficiency"]) { "\(Int(($0 * 100).rounded()))%" },
                "flight": number(json["max_in_flight"]) { String(Int($0)) },
                "server": number(json["server_max_in_flight"]) { String(Int($0)) },
                "CPU s": number(json["cpu_s"]) { String(format: "%.2f", $0) },
                "CPU/wall": number(json["cpu_per_wall"]) { String(format: "%.2f", $0) },
                "RSS MB": number(json["peak_rss_mb"]) { String(format: "%.1f", $0) },
            ]
            let expected = headings(table).map { all[$0] ?? "?" }
            if expected.isEmpty || cells != expected {
                problems.append("row \(index): table \(cells) vs JSON \(expected)")
            }
        }
        return problems
    }

    private static func number(_ value: Any?, _ format: (Double) -> String) -> String {
        guard let number = value as? NSNumber, !(value is NSNull) else { return "–" }
        return format(number.doubleValue)
    }

    private static func agrees(csv text: String, json value: Any?) -> Bool {
        switch value {
        case nil, is NSNull: return text.isEmpty
        case let string as String: return text == string
        case let number as NSNumber:
            if text == "true" || text == "false" { return (value as? Bool) == (text == "true") }
            return Double(text) == number.doubleValue
        default: return false
        }
    }

    /// Splits one CSV line, honouring double-quoted fields (`""` inside them is one quote).
    private static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        current.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        cells.append(current)
        return cells
    }
}
