/// A coherent copy of what the lab page shows, taken under ``LabState``'s lock in one go: the
/// arrays are shared copy-on-write, so taking it costs a few reference counts, and the event
/// streams diff and encode it without holding the lock.
struct LabView: Sendable {
    var version: UInt64
    var profile: ServerProfile
    var seed: UInt64
    var requests: Int
    var inFlight: Int
    var maxInFlight: Int
    /// Finished requests by outcome (zero counts left out), as in ``LabStats/byOutcome``.
    var byOutcome: [LabOutcome: Int]
    var connections: ConnectionStats
    /// Attempts per (code, resource) slot, as ``LabState`` counts them.
    var attempts: [UInt32]
    /// Per code: requests in flight, and the latest outcome.
    var codeInFlight: [Int32]
    var last: [LabOutcome?]
    var history: [LabWatch.Sample]
    /// The tick this view was taken in.
    var tick: Int
    var idleSince: ContinuousClock.Instant?
    var stopping: Bool

    /// One code's state as the page shows it: attempts (both files), in flight, latest outcome.
    struct Flag: Equatable {
        var attempts: Int
        var inFlight: Int
        var last: LabOutcome?
    }

    /// The state of the code at `index` (``FlagRoute/codeIndex``).
    func flag(_ index: Int) -> Flag {
        let files = FlagResource.allCases.count
        var attempts = 0
        for slot in index * files..<(index + 1) * files { attempts += Int(self.attempts[slot]) }
        return Flag(attempts: attempts, inFlight: Int(codeInFlight[index]), last: last[index])
    }

    /// Whether the server has been idle (nothing in flight) for at least `duration` at `now`,
    /// after serving at least one request.
    func idle(for duration: Duration, at now: ContinuousClock.Instant) -> Bool {
        guard inFlight == 0, let idleSince else { return false }
        return now - idleSince >= duration
    }
}
