import FlagsCore

/// Everything the final report says about a run.
struct RunSummary: Sendable {
    var strategy: String
    var serverLabel: String
    var serverURL: String
    var concurrency: Int
    var tally: Tally
    var elapsed: Duration
    var maxInFlight: Int
    /// The most requests the server saw at once, when it could tell (the fault lab's stats).
    var serverMaxInFlight: Int? = nil
    var stopReason: CancellationSignal.Reason?

    /// The exit status, as documented in `--help` and the README.
    var exitCode: Int32 {
        switch stopReason {
        case .interrupted: return ExitStatus.interrupted
        case .deadline: return ExitStatus.deadline
        case nil: break
        }
        return tally.errors > 0 || !tally.isBalanced ? ExitStatus.someErrors : ExitStatus.ok
    }
}

/// The exit codes of every client.
enum ExitStatus {
    /// Every flag downloaded or not found.
    static let ok: Int32 = 0
    /// Some flags failed, or the server could not be reached, or the output cannot be written.
    static let someErrors: Int32 = 1
    /// Bad command line (EX_USAGE).
    static let usage: Int32 = 64
    /// `--deadline` passed.
    static let deadline: Int32 = 124
    /// Ctrl-C.
    static let interrupted: Int32 = 130

    static let help = """
        Exit status: 0 every flag downloaded or not found; 1 some errors (or the server could not \
        be reached); 64 bad usage; 124 --deadline passed; 130 interrupted (Ctrl-C).
        """
}
