import UnixSignals

/// Waits for the signals that should stop a server: Ctrl-C (`SIGINT`) and `SIGTERM`.
public enum ShutdownSignal {
    /// Suspends until the process receives `SIGINT` or `SIGTERM`, and returns its name.
    ///
    /// While waiting, those signals no longer kill the process: the caller decides what to do
    /// (usually ``FlagServer/shutdown()`` on every server, then return).
    public static func wait() async -> String {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        for await signal in signals {
            return "\(signal)"
        }
        return "cancellation"
    }
}
