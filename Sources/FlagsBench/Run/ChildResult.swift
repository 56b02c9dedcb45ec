/// What one run of a program printed and what it cost, as ``ChildProcess`` measured it.
struct ChildResult: Sendable {
    /// The exit status, or 128 + the signal that ended the process.
    var status: Int32
    var stdout: String
    var stderr: String
    /// From just before `posix_spawn` to just after `wait4`: the process's whole life.
    var wallSeconds: Double
    /// User + system CPU time of the process (all its threads).
    var cpuSeconds: Double
    /// The most memory the process had resident at once (sampled `VmHWM`; see ``ChildProcess``).
    var peakRSSKilobytes: Int
}
