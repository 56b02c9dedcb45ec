/// The timeline as CSV: one line per request with every time (seconds since the run started,
/// to the microsecond), for a spreadsheet or pandas.
public enum TimelineCSV {
    public static let header =
        "code,attempt,request,lane,wait,ready_s,wait_start_s,start_s,connected_s,first_byte_s,end_s,returned_s,cpu_done_s,saved_s,done_s,"
        + "status,outcome,failed,new_connection,local_port"

    public static func render(_ timeline: Timeline) -> String {
        var lines = [header]
        var laneOf: [TimelineAttempt: String] = [:]
        for lane in timeline.lanes {
            for attempt in lane.attempts { laneOf[attempt] = lane.name }
        }
        for attempt in timeline.rows {
            let fields: [String] = [
                attempt.code, "\(attempt.attempt)", attempt.request, laneOf[attempt] ?? "",
                attempt.wait.rawValue, time(attempt.ready), time(attempt.waitStart), time(attempt.start),
                time(attempt.connected),
                time(attempt.firstByte), time(attempt.end), time(attempt.returned), time(attempt.cpuDone),
                time(attempt.saved),
                time(attempt.done), attempt.status.map { "\($0)" } ?? "", attempt.outcome,
                attempt.failed ? "1" : "0", attempt.newConnection.map { $0 ? "1" : "0" } ?? "",
                attempt.localPort.map { "\($0)" } ?? "",
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func time(_ value: Double?) -> String {
        value.map { DecimalText.format($0, digits: 6) } ?? ""
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// `replacingOccurrences` without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
