// Imports nothing on purpose: a fuzz target compiles this file on its own.

/// How long a client agrees to wait when a server answers `Retry-After`.
///
/// libcurl parses the header (seconds, or an HTTP date) into CURLINFO_RETRY_AFTER, a count of
/// seconds of any size the server likes: `9000000000`, or `Fri, 31 Dec 9999 23:59:59 GMT`. A client
/// that obeyed blindly could wait for centuries, or trap converting such a wait to nanoseconds.
/// This is the one place that decides, with comparisons only (no arithmetic that can overflow).
enum RetryAfter {
    /// What to do with one `Retry-After`.
    enum Decision: Sendable, Equatable {
        /// Hold requests to the host back for this long (never more than the limit).
        case wait(Duration)
        /// Do not wait: the request that got this answer fails with `reason`, and nothing else is
        /// held back.
        case refuse(reason: String)
    }

    /// Decides whether to honour a server's request to wait.
    ///
    /// - Parameters:
    ///   - requested: what the server asked for; any value, negative included.
    ///   - limit: the longest wait the user accepts (`--max-retry-after`); a negative limit is
    ///     read as zero.
    ///   - untilDeadline: the time left before `--deadline`, if there is one.
    /// - Returns: `.wait` with a duration between zero and both bounds, or `.refuse` with a reason
    ///   such as "server asked to wait 100000 s; limit 30 s".
    static func decide(requested: Duration, limit: Duration, untilDeadline: Duration? = nil)
        -> Decision
    {
        if requested <= .zero { return .wait(.zero) }
        let limit = max(limit, .zero)
        if requested > limit {
            return .refuse(
                reason:
                    "server asked to wait \(describe(requested)); limit \(describe(limit)) (--max-retry-after)"
            )
        }
        if let untilDeadline, requested > untilDeadline {
            return .refuse(
                reason:
                    "server asked to wait \(describe(requested)); the deadline is \(describe(max(untilDeadline, .zero))) away"
            )
        }
        return .wait(requested)
    }

    /// `100000 s`, `0.5 s`, `1.25 s`: whole seconds, and milliseconds when there are any. Works
    /// for every `Duration`: only integer division and remainders of its own components.
    static func describe(_ duration: Duration) -> String {
        // A Duration holds more than Int64 seconds, and `components` traps past them: clamp first.
        let bounded = min(max(duration, .seconds(Int64.min)), .seconds(Int64.max))
        let (seconds, attoseconds) = bounded.components
        let negative = seconds < 0 || attoseconds < 0
        // `magnitude` avoids negating Int64.min.
        let whole = seconds.magnitude
        let millis = (attoseconds / 1_000_000_000_000_000).magnitude
        var text = negative ? "-\(whole)" : "\(whole)"
        if millis > 0 {
            var fraction = String(millis)
            while fraction.count < 3 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += ".\(fraction)"
        }
        return text + " s"
    }
}
