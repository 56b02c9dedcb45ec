internal import CCurl

/// When one transfer's phases happened, from libcurl's own timing (`CURLINFO_*_TIME_T`), placed
/// on the monotonic clock, and which connection carried it.
public struct TransferTiming: Sendable, Hashable {
    /// When libcurl started the transfer.
    public var start: ContinuousClock.Instant
    /// When its new connection was up; `nil` when a kept-alive one was reused.
    public var connected: ContinuousClock.Instant?
    /// When the first byte of the response arrived, if one did.
    public var firstByte: ContinuousClock.Instant?
    /// When the transfer ended (libcurl reported it done).
    public var end: ContinuousClock.Instant
    /// `true` when libcurl opened a connection for this transfer.
    public var newConnection: Bool
    /// The local port of the connection, which names it; `nil` when none was made.
    public var localPort: Int?
}

extension EasyHandle {
    /// The timing of the transfer that just ended at `end`.
    ///
    /// curl measures each phase from the transfer's start, in microseconds; the start is placed at
    /// `end` minus curl's total, so every instant is on the caller's monotonic clock. A phase
    /// curl did not reach reads 0 and becomes `nil`; phases are clamped into the transfer.
    func timing(endingAt end: ContinuousClock.Instant) -> TransferTiming {
        func micro(_ info: CURLINFO) -> Int64 {
            var value: curl_off_t = 0
            guard flags_easy_getinfo_off_t(raw, info, &value) == CURLE_OK else { return 0 }
            // A day at most: curl's own values are far smaller; this keeps the conversion total.
            return min(max(Int64(value), 0), 86_400_000_000)
        }
        let total = micro(CURLINFO_TOTAL_TIME_T)
        let start = end.advanced(by: .microseconds(-total))
        func at(_ offset: Int64) -> ContinuousClock.Instant? {
            offset > 0 ? start.advanced(by: .microseconds(min(offset, total))) : nil
        }
        var connects = 0
        flags_easy_getinfo_long(raw, CURLINFO_NUM_CONNECTS, &connects)
        var port = 0
        flags_easy_getinfo_long(raw, CURLINFO_LOCAL_PORT, &port)
        let isNew = connects > 0
        return TransferTiming(
            start: start,
            connected: isNew ? at(micro(CURLINFO_CONNECT_TIME_T)) : nil,
            firstByte: at(micro(CURLINFO_STARTTRANSFER_TIME_T)),
            end: end,
            newConnection: isNew,
            localPort: port > 0 && port < 65536 ? port : nil
        )
    }
}
