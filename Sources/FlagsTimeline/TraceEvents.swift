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
        let document = Document(traceEvents: events, displayTimeUnit: "ms", otherData: timeline.run)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(document) else { return "{\"traceEvents\":[]}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
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

    private struct Event: Codable {
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

    private enum Args: Codable {
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
