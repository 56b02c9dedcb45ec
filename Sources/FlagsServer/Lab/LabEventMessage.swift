import FlagsShared

/// The JSON of the `/_lab/events` messages, written by hand: one line each (SSE's `data:` is one
/// line), keys in a fixed order, and no encoder to run ten times a second per page.
///
/// ```json
/// {"profile":{"name":"DELAY","summary":"0.5 s delay, no errors","seed":42,"capacity":null},
///  "requests":194,"in_flight":0,"max_in_flight":194,"by_outcome":{"ok":194},
///  "connections":{"open":1,"max_open":195,"accepted":195},
///  "codes":["AD","AE",…],                        (snapshot only: the flags the server holds)
///  "flags":{"BR":[1,0,"ok"],"ZZ":[2,1,"not_found"]},  (attempts, in flight, latest outcome or null)
///  "chart":{"first":118,"peak":[0,194,…],"started":[0,194,…]}}
/// ```
///
/// A snapshot lists every flag the server holds and every other code requested; an update lists
/// the codes that changed since the previous message and the chart ticks from that message's on.
/// Both are bounded: at most 676 codes, 600 ticks, one entry per outcome name, and a profile
/// summary of at most ``maxSummary`` characters: under ``maxBytes`` in all.
enum LabEventMessage {
    /// No message is longer: 676 codes × 45 bytes, 600 ticks × 24 bytes, the outcomes (one per
    /// status code at most) and the capped profile text leave room to spare.
    static let maxBytes = 65_536
    /// The longest profile name and summary sent.
    static let maxSummary = 1_000

    /// The first message of a stream: everything.
    static func snapshot(_ view: LabView, codes: [String]) -> String {
        var json = JSONText()
        json.open()
        counts(view, into: &json)
        json.key("codes")
        json.openArray()
        for code in codes { json.string(code.uppercased()) }
        json.closeArray()
        let held = Set(codes.compactMap { FlagRoute(path: "/flags/\($0)/metadata.json")?.codeIndex })
        flags(view, into: &json) { index, flag in
            held.contains(index) || flag != LabView.Flag(attempts: 0, inFlight: 0, last: nil)
        }
        chart(view, first: max(0, view.tick - LabWatch.historyTicks + 1), into: &json)
        json.close()
        return json.text
    }

    /// What changed since `previous` (the view the last message was made from).
    static func update(_ view: LabView, since previous: LabView) -> String {
        var json = JSONText()
        json.open()
        counts(view, into: &json)
        flags(view, into: &json) { index, flag in flag != previous.flag(index) }
        chart(view, first: max(previous.tick, view.tick - LabWatch.historyTicks + 1), into: &json)
        json.close()
        return json.text
    }

    /// The last message: why the stream ends (`idle`, `shutdown`).
    static func end(reason: String) -> String {
        var json = JSONText()
        json.open()
        json.key("reason")
        json.string(reason)
        json.close()
        return json.text
    }

    private static func counts(_ view: LabView, into json: inout JSONText) {
        json.key("profile")
        json.open()
        json.key("name")
        json.string(String(view.profile.name.prefix(maxSummary)))
        json.key("summary")
        json.string(String(view.profile.summary.prefix(maxSummary)))
        json.key("seed")
        json.raw(String(view.seed))
        json.key("capacity")
        json.raw(view.profile.maxInFlight.map { String($0) } ?? "null")
        json.close()
        for (key, value) in [
            ("requests", view.requests), ("in_flight", view.inFlight), ("max_in_flight", view.maxInFlight),
        ] {
            json.key(key)
            json.raw(String(value))
        }
        json.key("by_outcome")
        json.open()
        for (name, count) in view.byOutcome.map({ ($0.key.description, $0.value) }).sorted(by: { $0.0 < $1.0 }
        ) {
            json.key(name)
            json.raw(String(count))
        }
        json.close()
        json.key("connections")
        json.open()
        for (key, value) in [
            ("open", view.connections.open), ("max_open", view.connections.maxOpen),
            ("accepted", view.connections.accepted),
        ] {
            json.key(key)
            json.raw(String(value))
        }
        json.close()
    }

    private static func flags(
        _ view: LabView, into json: inout JSONText, where include: (Int, LabView.Flag) -> Bool
    ) {
        json.key("flags")
        json.open()
        for index in 0..<FlagRoute.codeCount {
            let flag = view.flag(index)
            guard include(index, flag) else { continue }
            json.key(FlagRoute.code(at: index).uppercased())
            json.openArray()
            json.raw(String(flag.attempts))
            json.raw(String(flag.inFlight))
            if let last = flag.last { json.string(last.description) } else { json.raw("null") }
            json.closeArray()
        }
        json.close()
    }

    private static func chart(_ view: LabView, first: Int, into json: inout JSONText) {
        let samples = LabWatch.samples(view.history, first: first, now: view.tick)
        json.key("chart")
        json.open()
        json.key("first")
        json.raw(String(first))
        json.key("peak")
        json.openArray()
        for sample in samples { json.raw(String(sample.peak)) }
        json.closeArray()
        json.key("started")
        json.openArray()
        for sample in samples { json.raw(String(sample.started)) }
        json.closeArray()
        json.close()
    }
}

/// A JSON text written left to right, with the commas put in for us.
private struct JSONText {
    private(set) var text = ""
    /// Whether the next value (or key) in the current container needs a comma before it.
    private var needsComma = false

    mutating func open() { begin("{") }
    mutating func close() { end("}") }
    mutating func openArray() { begin("[") }
    mutating func closeArray() { end("]") }

    mutating func key(_ key: String) {
        separate()
        text += key.jsonQuoted
        text += ":"
        needsComma = false
    }

    mutating func raw(_ value: String) {
        separate()
        text += value
        needsComma = true
    }

    mutating func string(_ value: String) {
        separate()
        text += value.jsonQuoted
        needsComma = true
    }

    private mutating func begin(_ bracket: String) {
        separate()
        text += bracket
        needsComma = false
    }

    private mutating func end(_ bracket: String) {
        text += bracket
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { text += "," }
    }

}
