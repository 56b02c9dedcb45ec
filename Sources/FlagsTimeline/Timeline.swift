/// Every request of one client run, on one time axis: what the waterfall, the trace, the CSV and
/// the text view are drawn from.
public struct Timeline: Sendable, Hashable, Codable {
    public var run: TimelineRun
    public var attempts: [TimelineAttempt]

    public init(run: TimelineRun, attempts: [TimelineAttempt]) {
        self.run = run
        self.attempts = attempts
    }

    /// The requests sorted by when they were handed to libcurl (then by code): the rows.
    public var rows: [TimelineAttempt] {
        attempts.sorted { ($0.start, $0.code, $0.attempt) < ($1.start, $1.code, $1.attempt) }
    }

    /// The last moment anything happened, and at least the run's elapsed time.
    public var span: Double {
        let last = attempts.map(\.done).filter(\.isFinite).max() ?? 0
        return max(last, run.elapsed.isFinite ? run.elapsed : 0, 0)
    }

    /// The lanes the requests ran in (threads or connections), each with its requests in order;
    /// lanes in the order they were first used.
    public var lanes: [TimelineLane] {
        var order: [String] = []
        var members: [String: [TimelineAttempt]] = [:]
        for attempt in rows {
            let key = laneKey(attempt)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(attempt)
        }
        var threadNumber = 0
        return order.map { key in
            let attempts = members[key] ?? []
            let name: String
            if key.hasPrefix("thread:") {
                threadNumber += 1
                name = run.strategy == "sequential" ? "main thread" : "thread \(threadNumber)"
            } else if key.hasPrefix("port:") {
                name = "conn :" + key.dropFirst(5)
            } else {
                name = "no connection"
            }
            return TimelineLane(name: name, attempts: attempts)
        }
    }

    private func laneKey(_ attempt: TimelineAttempt) -> String {
        switch run.lanes {
        case .threads:
            return attempt.thread.map { "thread:\($0)" } ?? "none"
        case .connections:
            guard let port = attempt.localPort, port > 0 else { return "none" }
            return "port:\(port)"
        }
    }

    /// Transfers in flight over time, as steps: at each `time` the count becomes `count`.
    public var inFlight: [(time: Double, count: Int)] {
        // A transfer that ends at the instant another starts is not counted twice: ends first.
        var events: [(time: Double, change: Int)] = []
        for attempt in attempts where attempt.end.isFinite && attempt.start.isFinite {
            events.append((attempt.start, 1))
            events.append((max(attempt.start, attempt.end), -1))
        }
        events.sort { ($0.time, $0.change) < ($1.time, $1.change) }
        var count = 0
        var steps: [(time: Double, count: Int)] = [(0, 0)]
        for event in events {
            count += event.change
            if let last = steps.last, last.time == event.time {
                steps[steps.count - 1].count = count
            } else {
                steps.append((event.time, count))
            }
        }
        return steps
    }

    /// The most transfers in flight at any instant.
    public var maxInFlight: Int { inFlight.map(\.count).max() ?? 0 }

    /// The same requests with every time moved by `seconds`; a time that would fall before 0
    /// (a request wanted before the new zero) is 0.
    public func shifted(by seconds: Double) -> Timeline {
        guard seconds.isFinite, seconds != 0 else { return self }
        func move(_ time: Double) -> Double { max(0, time + seconds) }
        var moved = self
        for index in moved.attempts.indices {
            moved.attempts[index].ready = move(moved.attempts[index].ready)
            moved.attempts[index].waitStart = moved.attempts[index].waitStart.map(move)
            moved.attempts[index].start = move(moved.attempts[index].start)
            moved.attempts[index].connected = moved.attempts[index].connected.map(move)
            moved.attempts[index].firstByte = moved.attempts[index].firstByte.map(move)
            moved.attempts[index].end = move(moved.attempts[index].end)
            moved.attempts[index].returned = moved.attempts[index].returned.map(move)
            moved.attempts[index].cpuDone = moved.attempts[index].cpuDone.map(move)
            moved.attempts[index].saved = moved.attempts[index].saved.map(move)
            moved.attempts[index].done = move(moved.attempts[index].done)
        }
        return moved
    }
}

/// One thread or connection and the requests it carried, in order.
public struct TimelineLane: Sendable, Hashable {
    public var name: String
    public var attempts: [TimelineAttempt]
}

/// What a timeline's title says about its run.
public struct TimelineRun: Sendable, Hashable, Codable {
    /// What one lane is: a thread (seq, pool) or a connection (async).
    public enum Lanes: String, Sendable, Hashable, Codable {
        case threads, connections
    }

    /// `sequential`, `pool` or `async`.
    public var strategy: String
    /// Codes requested.
    public var codes: Int
    /// Transfers allowed in flight at once (`-m`; 1 for seq).
    public var concurrency: Int
    /// The server's label (`LOCAL`, `DELAY`, `URL`…).
    public var server: String
    /// Seconds the server holds each response, when it is known and fixed.
    public var serverDelay: Double?
    /// The run's elapsed time, in seconds.
    public var elapsed: Double
    public var lanes: Lanes
    /// `--cpu-work` rounds, if any.
    public var cpuWork: Int

    public init(
        strategy: String, codes: Int, concurrency: Int, server: String, serverDelay: Double?,
        elapsed: Double, lanes: Lanes, cpuWork: Int = 0
    ) {
        self.strategy = strategy
        self.codes = codes
        self.concurrency = concurrency
        self.server = server
        self.serverDelay = serverDelay
        self.elapsed = elapsed
        self.lanes = lanes
        self.cpuWork = cpuWork
    }

    /// The least time the run could take: `ceil(codes / concurrency)` rounds of the server's
    /// delay; `nil` when the delay is unknown or zero.
    public var ideal: Double? {
        guard let serverDelay, serverDelay > 0, serverDelay.isFinite, concurrency > 0, codes > 0 else {
            return nil
        }
        let rounds = (codes + concurrency - 1) / concurrency
        return Double(rounds) * serverDelay
    }

    /// `pool · 20 codes · -m 20 · DELAY (0.5 s delay) · 0.523 s (ideal 0.5 s)`.
    public var title: String {
        var parts = [strategy, "\(codes) code\(codes == 1 ? "" : "s")", "-m \(concurrency)"]
        if let serverDelay {
            parts.append(
                serverDelay > 0
                    ? "\(server) (\(DecimalText.trimmed(serverDelay, digits: 3)) s delay)"
                    : "\(server) (no delay)"
            )
        } else {
            parts.append(server)
        }
        if cpuWork > 0 { parts.append("--cpu-work \(cpuWork)") }
        var time = "\(DecimalText.format(elapsed, digits: elapsed < 1 ? 3 : 2)) s"
        if let ideal { time += " (ideal \(DecimalText.trimmed(ideal, digits: 3)) s)" }
        parts.append(time)
        return parts.joined(separator: " · ")
    }
}
