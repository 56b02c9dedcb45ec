import FlagsTimeline

/// One timed run of one strategy.
struct Measurement: Sendable, Equatable {
    /// Seconds the downloads took: the client's own `elapsed_s`, or for curl the process's
    /// wall-clock time (curl has no clock of its own to report).
    var elapsed: Double
    /// Seconds from spawn to exit, as the bench measured them.
    var wall: Double
    /// User + system CPU seconds of the process.
    var cpu: Double
    /// Peak resident memory of the process, in kilobytes.
    var peakRSSKilobytes: Int
    /// The concurrency the strategy delivered.
    var concurrency: Int
    /// The client's own count of transfers in flight at once (`nil` for curl).
    var maxInFlight: Int?
    /// The server's count, when it offers `/_lab/stats`.
    var serverMaxInFlight: Int?
    var ok: Int
    var notFound: Int
    var errors: Int
    /// The client's own timeline of the run, when the bench asked for one (`--timeline`).
    var timeline: Timeline? = nil
}
