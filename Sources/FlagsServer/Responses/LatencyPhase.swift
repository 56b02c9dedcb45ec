/// When an injected latency holds a response.
public enum LatencyPhase: String, Sendable, Hashable, CaseIterable {
    /// Nothing is sent until the delay has passed (the client waits for the headers).
    case beforeHeaders = "headers"
    /// The headers go out at once and the body follows after the delay (time to first byte is
    /// short, the transfer long).
    case beforeBody = "body"
}
