/// What the lab page watches, kept under ``LabState``'s lock beside the counters: each code's
/// requests in flight and latest outcome, a minute of in-flight history, and a change number that
/// wakes the page's event streams.
///
/// Every change costs a few array stores and an integer increment: the flag routes never wait for
/// a page. The streams read a ``LabView`` copy and do their work (diffs, JSON) outside the lock.
struct LabWatch {
    /// One sample of the strip chart per tick.
    static let tick = Duration.milliseconds(100)
    /// A minute of ticks.
    static let historyTicks = 600

    /// One tick of history: the most requests in flight during it, the number in flight after its
    /// last change, and the requests that started in it.
    struct Sample: Sendable, Equatable {
        var tick = -1
        var peak: Int32 = 0
        var last: Int32 = 0
        var started: Int32 = 0
    }

    /// Per code (``FlagRoute/codeIndex``): requests for either file in flight now.
    var inFlight = [Int32](repeating: 0, count: FlagRoute.codeCount)
    /// Per code: how its latest request ended (``LabOutcome/overloaded`` included).
    var last = [LabOutcome?](repeating: nil, count: FlagRoute.codeCount)
    /// A ring of ``historyTicks`` samples, indexed by `tick % historyTicks`.
    var history = [Sample](repeating: Sample(), count: Self.historyTicks)
    /// Bumped by every change of the lab's state.
    var version: UInt64 = 0
    /// When requests in flight last fell to zero; `nil` while some are in flight, and before the
    /// first request.
    var idleSince: ContinuousClock.Instant?
    /// Streams waiting for the next change.
    var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    var lastWaiterID = 0

    /// Notes a change: bumps the version and hands back the waiters to resume (outside the lock).
    mutating func changed() -> [CheckedContinuation<Void, Never>] {
        version &+= 1
        guard !waiters.isEmpty else { return [] }
        defer { waiters = [:] }
        return Array(waiters.values)
    }

    /// A request was admitted: `inFlight` went from `before` to `before + 1`.
    mutating func admitted(code: Int?, tick: Int, before: Int) {
        if let code { inFlight[code] &+= 1 }
        idleSince = nil
        record(tick: tick, before: before, after: before + 1, started: true)
    }

    /// A request ended at once, without being admitted (turned away, or a 405).
    mutating func turnedAway(
        code: Int?, outcome: LabOutcome, now: ContinuousClock.Instant, tick: Int, inFlight: Int
    ) {
        if let code { last[code] = outcome }
        if inFlight == 0 { idleSince = now }
        record(tick: tick, before: inFlight, after: inFlight, started: true)
    }

    /// An admitted request ended as `outcome`: `inFlight` went from `after + 1` to `after`.
    mutating func finished(
        code: Int?, outcome: LabOutcome, now: ContinuousClock.Instant, tick: Int, after: Int
    ) {
        if let code {
            inFlight[code] &-= 1
            last[code] = outcome
        }
        if after == 0 { idleSince = now }
        record(tick: tick, before: after + 1, after: after, started: false)
    }

    /// Forgets the outcomes (a reset); what is in flight stays.
    mutating func reset() {
        last = [LabOutcome?](repeating: nil, count: FlagRoute.codeCount)
    }

    private mutating func record(tick: Int, before: Int, after: Int, started: Bool) {
        let slot = tick % Self.historyTicks
        let before = Int32(clamping: before)
        let after = Int32(clamping: after)
        if history[slot].tick != tick {
            history[slot] = Sample(tick: tick, peak: before, last: before, started: 0)
        }
        history[slot].peak = max(history[slot].peak, after)
        history[slot].last = after
        if started { history[slot].started &+= 1 }
    }

    /// The tick of `instant`, counted from `origin` (the lab's start).
    static func tick(of instant: ContinuousClock.Instant, from origin: ContinuousClock.Instant) -> Int {
        let (seconds, attoseconds) = (instant - origin).components
        // Uptime in seconds is far inside Int's range (a tick overflows after 29 billion years).
        guard seconds >= 0 else { return 0 }
        return Int(seconds) * 10 + Int(attoseconds / 100_000_000_000_000_000)
    }

    /// The samples of ticks `first...now` from `history`, oldest first, as (peak, started): a tick
    /// without a change keeps the last in-flight value before it.
    static func samples(_ history: [Sample], first: Int, now: Int) -> [(peak: Int32, started: Int32)] {
        guard now >= first else { return [] }
        var carry: Int32 = 0
        var newest = -1
        for sample in history where sample.tick < first && sample.tick > newest {
            newest = sample.tick
            carry = sample.last
        }
        var samples: [(peak: Int32, started: Int32)] = []
        samples.reserveCapacity(now - first + 1)
        for tick in first...now {
            let sample = history[tick % historyTicks]
            if sample.tick == tick {
                samples.append((sample.peak, sample.started))
                carry = sample.last
            } else {
                samples.append((carry, 0))
            }
        }
        return samples
    }
}
