/// One request of one flag, as the client saw it: when it became ready, when libcurl got it, its
/// phases, what came back and what was done with it.
///
/// Every time is in seconds since the run started, read from a monotonic clock. A phase the
/// request never reached (no connection made, no byte received) is `nil`.
public struct TimelineAttempt: Sendable, Hashable, Codable {
    /// What held a request back before it was handed to libcurl.
    public enum Wait: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for a free slot (`-m`): every code is wanted from the start of the run.
        case slot
        /// The second request of a flag (its image after its `metadata.json`): no wait.
        case next
        /// Backing off before a retry.
        case retry
        /// Holding off for the server's `Retry-After`.
        case retryAfter = "retry-after"
    }

    /// The country code, upper-case.
    public var code: String
    /// 1 for the flag's first request, 2 for the next (a retry, or the image after the metadata).
    public var attempt: Int
    /// `image` or `metadata`.
    public var request: String
    public var wait: Wait
    /// When the request became ready to go (see `Wait`).
    public var ready: Double
    /// When a first request, taken up by a worker or task after waiting for a slot, began to
    /// wait for the server's `Retry-After` too (`wait` is then `.retryAfter`); `nil` otherwise.
    public var waitStart: Double?
    /// When it was handed to libcurl.
    public var start: Double
    /// When its new connection was made (DNS and TCP); `nil` on a reused connection.
    public var connected: Double?
    /// When the first byte of the response arrived.
    public var firstByte: Double?
    /// When the transfer ended: the last byte, or the failure.
    public var end: Double
    /// When the answer was back with the flag's own thread or task: for async, when the task
    /// resumed on Swift's cooperative pool after libcurl's thread finished the transfer.
    public var returned: Double?
    /// When the CPU work (`--cpu-work`) on the body finished, if any was done.
    public var cpuDone: Double?
    /// When the flag was saved, if it was.
    public var saved: Double?
    /// When the client had dealt with the answer (saved it, decided to retry, gave up).
    public var done: Double
    /// The HTTP status, when a response came.
    public var status: Int?
    /// `200`, `404`, `418`, `timeout`, `cancelled`…: what this request ended with.
    public var outcome: String
    /// The request failed (a transfer error, an error status, or its flag failed after it).
    public var failed: Bool
    /// `true` when libcurl opened a connection for it; `false` when it reused one.
    public var newConnection: Bool?
    /// The local port of its connection, which names the connection.
    public var localPort: Int?
    /// The thread that ran it (an opaque number, the same for every request of one thread).
    public var thread: UInt64?

    public init(
        code: String, attempt: Int, request: String, wait: Wait, ready: Double, waitStart: Double? = nil,
        start: Double,
        connected: Double? = nil, firstByte: Double? = nil, end: Double, returned: Double? = nil,
        cpuDone: Double? = nil,
        saved: Double? = nil, done: Double, status: Int? = nil, outcome: String, failed: Bool,
        newConnection: Bool? = nil, localPort: Int? = nil, thread: UInt64? = nil
    ) {
        self.code = code
        self.attempt = attempt
        self.request = request
        self.wait = wait
        self.ready = ready
        self.waitStart = waitStart
        self.start = start
        self.connected = connected
        self.firstByte = firstByte
        self.end = end
        self.returned = returned
        self.cpuDone = cpuDone
        self.saved = saved
        self.done = done
        self.status = status
        self.outcome = outcome
        self.failed = failed
        self.newConnection = newConnection
        self.localPort = localPort
        self.thread = thread
    }

    /// Its phases in order, each from where the previous one ended; empty phases left out.
    public var segments: [TimelineSegment] {
        var result: [TimelineSegment] = []
        var at = ready
        func add(_ phase: TimelinePhase, to time: Double?) {
            guard let time, time.isFinite, time > at else { return }
            result.append(TimelineSegment(phase: phase, start: at, end: time))
            at = time
        }
        if let waitStart, waitStart < start { add(.slot, to: waitStart) }
        switch wait {
        case .slot, .next: add(.slot, to: start)
        case .retry: add(.retry, to: start)
        case .retryAfter: add(.retryAfter, to: start)
        }
        at = max(at, start)
        if newConnection == true { add(.connect, to: connected) }
        add(.server, to: firstByte ?? end)
        add(.body, to: end)
        add(.resume, to: returned)
        add(.cpu, to: cpuDone)
        add(.save, to: saved ?? done)
        return result
    }

    /// The time it holds its lane: from its start (its wait, for a retry on a thread) to `done`.
    public var busy: ClosedRange<Double> {
        let from = min(start, done)
        return from...max(from, done)
    }
}

/// A stretch of one request's life, coloured by what it was waiting for.
public enum TimelinePhase: String, Sendable, Hashable, CaseIterable {
    case slot, retry, retryAfter, connect, server, body, resume, cpu, save

    /// How the legend names it.
    public var label: String {
        switch self {
        case .slot: "waiting for a slot"
        case .retry: "retry backoff"
        case .retryAfter: "Retry-After"
        case .connect: "connect"
        case .server: "waiting for the server"
        case .body: "body"
        case .resume: "back to its task"
        case .cpu: "CPU work"
        case .save: "save"
        }
    }

    /// Waits before the request reaches libcurl (drawn thin: nothing is happening yet).
    public var isWait: Bool { self == .slot || self == .retry || self == .retryAfter }
}

/// One phase of one request: `phase` from `start` to `end` (seconds since the run started).
public struct TimelineSegment: Sendable, Hashable {
    public var phase: TimelinePhase
    public var start: Double
    public var end: Double
}
