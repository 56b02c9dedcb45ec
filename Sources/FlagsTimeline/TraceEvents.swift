import FlagsShared
import Foundation

/// The timeline in the Trace Event Format (`traceEvents`, complete events in microseconds), so
/// Perfetto (ui.perfetto.dev) and `chrome://tracing` open it: one track per lane, each request a
/// slice with its phases nested inside, its every time in its `args`. The run's header travels
/// in `otherData`, so the file reads back into the same ``Timeline`` (the bench draws from it).
public enum TraceEvents {
    /// The JSON document for `timeline`.
    public static func render(_ timeline: Timeline) -> String {
        var events: [Event] = [
            Event(
                name: "process_name", ph: "M", pid: 1, tid: 0, args: .name("flags-\(timeline.run.strategy)"))
        ]
        let lanes = timeline.lanes
        for (index, lane) in lanes.enumerated() {
            events.append(Event(name: "thread_name", ph: "M", pid: 1, tid: index + 1, args: .name(lane.name)))
            events.append(
                Event(name: "thread_sort_index", ph: "M", pid: 1, tid: index + 1, args: .sortIndex(index)))
        }
        for (index, lane) in lanes.enumerated() {
            for attempt in lane.attempts {
                let name = attempt.attempt > 1 ? "\(attempt.code) #\(attempt.attempt)" : attempt.code
                events.append(
                    Event(
                        name: name, cat: "attempt", ph: "X", ts: micro(attempt.start),
                        dur: micro(attempt.done - attempt.start), pid: 1, tid: index + 1,
                        args: .attempt(attempt)))
                for segment in attempt.segments {
                    // A waiting request is on no thread or connection yet, except a thread that
                    // sleeps out its retry's backoff.
                    if segment.phase.isWait && (segment.phase == .slot || timeline.run.lanes == .connections)
                    {
                        continue
                    }
                    events.append(
                        Event(
                            name: segment.phase.label, cat: segment.phase.isWait ? "wait" : "phase", ph: "X",
                            ts: micro(segment.start), dur: micro(segment.end - segment.start), pid: 1,
                            tid: index + 1, args: nil))
                }
            }
        }
        // Written by hand: Foundation's JSONEncoder took ~70 ms for 676 requests on this machine.
        var text =
            "{\"displayTimeUnit\":\"ms\",\"otherData\":" + JSONText.run(timeline.run) + ",\"traceEvents\":[\n"
        text += events.map(JSONText.event).joined(separator: ",\n")
        return text + "\n]}\n"
    }

    /// Reads back a file written by ``render(_:)``.
    ///
    /// - Throws: `DecodingError` when it is not such a file.
    public static func read(_ bytes: [UInt8]) throws -> Timeline {
        let document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        let attempts = document.traceEvents.compactMap { event -> TimelineAttempt? in
            if case .attempt(let attempt) = event.args { return attempt }
            return nil
        }
        return Timeline(run: document.otherData, attempts: attempts)
    }

    /// Microseconds, the format's unit; non-finite times become 0 rather than invalid JSON.
    private static func micro(_ seconds: Double) -> Double {
        guard seconds.isFinite else { return 0 }
        return (seconds * 1_000_000).rounded() / 1
    }

    private struct Document: Codable {
        var traceEvents: [Event]
        var displayTimeUnit: String
        var otherData: TimelineRun
    }

    fileprivate struct Event: Codable {
        var name: String
        var cat: String?
        var ph: String
        var ts: Double?
        var dur: Double?
        var pid: Int
        var tid: Int
        var args: Args?

        init(
            name: String, cat: String? = nil, ph: String, ts: Double? = nil, dur: Double? = nil, pid: Int,
            tid: Int, args: Args?
        ) {
            self.name = name
            self.cat = cat
            self.ph = ph
            self.ts = ts
            self.dur = dur
            self.pid = pid
            self.tid = tid
            self.args = args
        }

        enum CodingKeys: String, CodingKey {
            case name, cat, ph, ts, dur, pid, tid, args
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            cat = try container.decodeIfPresent(String.self, forKey: .cat)
            ph = try container.decode(String.self, forKey: .ph)
            ts = try container.decodeIfPresent(Double.self, forKey: .ts)
            dur = try container.decodeIfPresent(Double.self, forKey: .dur)
            pid = try container.decode(Int.self, forKey: .pid)
            tid = try container.decode(Int.self, forKey: .tid)
            // Only a request's slice carries a whole attempt; the rest of the args are not read.
            args =
                cat == "attempt"
                ? .attempt(try container.decode(TimelineAttempt.self, forKey: .args)) : nil
        }
    }

    fileprivate enum Args: Codable {
        case name(String)
        case sortIndex(Int)
        case attempt(TimelineAttempt)

        private enum Keys: String, CodingKey {
            case name
            case sortIndex = "sort_index"
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .name(let name):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(name, forKey: .name)
            case .sortIndex(let index):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(index, forKey: .sortIndex)
            case .attempt(let attempt):
                try attempt.encode(to: encoder)
            }
        }

        init(from decoder: any Decoder) throws {
            self = .attempt(try TimelineAttempt(from: decoder))
        }
    }
}

/// JSON text for the trace, field by field, in the shapes `Codable` reads back.
private enum JSONText {
    static func event(_ event: TraceEvents.Event) -> String {
        var fields = ["\"name\":" + event.name.jsonQuoted]
        if let cat = event.cat { fields.append("\"cat\":" + cat.jsonQuoted) }
        fields.append("\"ph\":" + event.ph.jsonQuoted)
        if let ts = event.ts { fields.append("\"ts\":" + number(ts)) }
        if let dur = event.dur { fields.append("\"dur\":" + number(dur)) }
        fields.append("\"pid\":\(event.pid)")
        fields.append("\"tid\":\(event.tid)")
        switch event.args {
        case .name(let name)?: fields.append("\"args\":{\"name\":" + name.jsonQuoted + "}")
        case .sortIndex(let index)?: fields.append("\"args\":{\"sort_index\":\(index)}")
        case .attempt(let attempt)?: fields.append("\"args\":" + self.attempt(attempt))
        case nil: break
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func attempt(_ a: TimelineAttempt) -> String {
        var fields = [
            "\"code\":" + a.code.jsonQuoted, "\"attempt\":\(a.attempt)",
            "\"request\":" + a.request.jsonQuoted,
            "\"wait\":" + a.wait.rawValue.jsonQuoted, "\"ready\":" + number(a.ready),
        ]
        func optional(_ key: String, _ value: Double?) {
            if let value { fields.append("\"\(key)\":" + number(value)) }
        }
        optional("waitStart", a.waitStart)
        fields.append("\"start\":" + number(a.start))
        optional("connected", a.connected)
        optional("firstByte", a.firstByte)
        fields.append("\"end\":" + number(a.end))
        optional("returned", a.returned)
        optional("cpuDone", a.cpuDone)
        optional("saved", a.saved)
        fields.append("\"done\":" + number(a.done))
        if let status = a.status { fields.append("\"status\":\(status)") }
        fields.append("\"outcome\":" + a.outcome.jsonQuoted)
        fields.append("\"failed\":\(a.failed)")
        if let new = a.newConnection { fields.append("\"newConnection\":\(new)") }
        if let port = a.localPort { fields.append("\"localPort\":\(port)") }
        if let thread = a.thread { fields.append("\"thread\":\(thread)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func run(_ run: TimelineRun) -> String {
        var fields = [
            "\"strategy\":" + run.strategy.jsonQuoted, "\"codes\":\(run.codes)",
            "\"concurrency\":\(run.concurrency)",
            "\"server\":" + run.server.jsonQuoted,
        ]
        if let delay = run.serverDelay { fields.append("\"serverDelay\":" + number(delay)) }
        fields += [
            "\"elapsed\":" + number(run.elapsed), "\"lanes\":" + run.lanes.rawValue.jsonQuoted,
            "\"cpuWork\":\(run.cpuWork)",
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Swift's shortest round-trip spelling (`0.25`, `1e-05`), which JSON reads; JSON has no
    /// infinity or NaN, so those are 0.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "0"
    }

}
