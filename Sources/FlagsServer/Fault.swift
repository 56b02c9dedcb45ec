/// Something the server does instead of serving the requested file.
///
/// Only Fluent Python's teapot exists today. The enum is the place to grow a fault catalogue
/// (other statuses such as 429 or 503 with `Retry-After`, connection resets, truncated bodies,
/// stalls, fail-the-first-K-attempts…): ``RequestPlanner`` picks a fault per request from the
/// seed, and the server acts it out.
public enum Fault: Sendable, Equatable {
    /// Answer `418 I'm a teapot`, as the ERROR server of Fluent Python does.
    case teapot
}
