import FlagsTimeline
import Glibc

/// Turns `--timeline` on: the run's zero on the monotonic clock. Each flag's requests are
/// recorded in a value of its own (``AttemptLog``) and travel with its ``FlagResult``, so recording
/// takes no lock and shares nothing between threads.
public struct TimelineRecorder: Sendable {
    /// The recorder's 0: every code is wanted from here. Made just before the downloader, so
    /// a little before the strategy starts; the client shifts the timeline to its own start.
    public let origin: ContinuousClock.Instant

    public init(origin: ContinuousClock.Instant = .now) {
        self.origin = origin
    }

    /// Seconds from the origin to `instant` (negative before it). Total: any two instants a run
    /// can see are well within `Double`'s range.
    public func seconds(_ instant: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = origin.duration(to: instant).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// One flag's requests as they happen, for the timeline: kept by the download loop of that flag
/// only, then handed over inside its result.
struct AttemptLog {
    private let recorder: TimelineRecorder
    private let code: String
    private var attempts: [TimelineAttempt] = []
    /// Every code is wanted from the start: the first request waits for a slot from time 0.
    private var ready: ContinuousClock.Instant
    private var wait = TimelineAttempt.Wait.slot
    /// When a first request, taken up, found the `Retry-After` gate closed.
    private var waitStart: ContinuousClock.Instant?
    private var start: ContinuousClock.Instant?
    private var returned: ContinuousClock.Instant?
    private var url = ""

    init(code: String, recorder: TimelineRecorder) {
        self.code = code
        self.recorder = recorder
        ready = recorder.origin
    }

    /// The next request is planned: says what it waits for (a retry's backoff, the server's
    /// `Retry-After` at the gate, or nothing: the image after the metadata).
    mutating func planned(notBefore: ContinuousClock.Instant?, gate: HostGate) {
        let now = ContinuousClock.now
        waitStart = nil
        if notBefore != nil {
            wait = .retry
        } else if let opens = gate.opensAt, opens > now {
            wait = .retryAfter
            // A first request waited for a slot before it met the gate.
            if attempts.isEmpty { waitStart = now }
        } else {
            wait = attempts.isEmpty ? .slot : .next
        }
    }

    /// The request goes to libcurl now.
    mutating func handed(_ url: String) {
        start = .now
        self.url = url
    }

    /// The answer is back with the flag's own thread or task.
    mutating func answered() {
        returned = .now
    }

    /// The flag's code dealt with the request's answer (`result`) and decided `action`.
    mutating func handled(
        _ result: Result<HTTPResponse, TransferError>, action: FlagJob.Action,
        cpuDone: ContinuousClock.Instant?,
        thread: UInt64?
    ) {
        let done = ContinuousClock.now
        let started = start ?? done
        let timing: TransferTiming?
        let status: Int?
        let outcome: String
        var failed: Bool
        switch result {
        case .success(let response):
            timing = response.timing
            status = response.status
            outcome = String(response.status)
            failed = ![200, 404].contains(response.status)
        case .failure(let error):
            timing = error.timing
            status = nil
            outcome = error.kind.description
            failed = true
        }
        var saved: ContinuousClock.Instant?
        if case .finish(let flag) = action {
            if case .failed = flag.outcome { failed = true }
            if flag.savedAs != nil { saved = done }
        }
        let end = timing?.end ?? done
        func s(_ instant: ContinuousClock.Instant?) -> Double? {
            // curl's phases, placed from its own start, never before we handed the request over.
            instant.map { recorder.seconds(max($0, started)) }
        }
        attempts.append(
            TimelineAttempt(
                code: code, attempt: attempts.count + 1,
                request: url.hasSuffix("metadata.json") ? "metadata" : "image", wait: wait,
                ready: recorder.seconds(ready), waitStart: waitStart.map(recorder.seconds),
                start: recorder.seconds(started),
                connected: s(timing?.connected), firstByte: s(timing?.firstByte),
                end: recorder.seconds(max(end, started)), returned: s(returned), cpuDone: s(cpuDone),
                saved: s(saved),
                done: recorder.seconds(done), status: status, outcome: outcome, failed: failed,
                newConnection: timing?.newConnection, localPort: timing?.localPort, thread: thread))
        ready = done
        start = nil
        returned = nil
    }

    /// `result` with this flag's requests attached.
    func attach(to result: FlagResult) -> FlagResult {
        var result = result
        result.timeline = attempts
        return result
    }

    /// The calling thread, as a lane.
    static var currentThread: UInt64 { UInt64(pthread_self()) }
}
