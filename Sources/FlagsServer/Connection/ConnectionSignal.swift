/// What a request's handler asks its connection to do, sent down the channel pipeline as an
/// outbound user event (after everything the handler wrote, in order).
enum ConnectionSignal: Sendable {
    /// This request will never be answered: close the connection as soon as the client closes
    /// its side or the server starts shutting down.
    case stall
    /// Send what was written, then close the connection normally (`FIN`).
    case closeAfterDrain
    /// Send what was written, then reset the connection (`RST`).
    case reset
}
