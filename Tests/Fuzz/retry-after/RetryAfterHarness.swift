// Fuzz target `retry-after`: the bound on how long a server may make a client wait.
//
// It calls the pure function in Sources/FlagsCore/HTTP/RetryAfter.swift (a file that imports nothing):
//
//     public enum RetryAfter {
//         public enum Decision: Equatable { case wait(Duration); case refuse(reason: String) }
//         public static func decide(requested: Duration, limit: Duration, untilDeadline: Duration?)
//             -> Decision
//     }
//
// If its signature changes, adapt `decideUnderTest` below and nothing else.
//
// Input: 8 bytes the server's seconds (Int64, little-endian: what libcurl's CURLINFO_RETRY_AFTER
// gives, any value, from `Retry-After: 9000000000` or a date in year 9999), 8 bytes extra
// attoseconds, 8 bytes the limit in milliseconds, 1 flag byte (bit 0: there is a deadline),
// 8 bytes the time left before the deadline in milliseconds. Missing bytes read as zero.
// Invariants (ids for FUZZ_IGNORE):
//   retry.bounds   a wait is >= 0, <= the limit and <= the time left before the deadline
//   retry.honest   a wait is no longer than what the server asked (zero when it asked <= 0)
//   retry.refuse   a request above the limit or past the deadline is refused, with a reason
//   retry.accept   a request within the limit and the deadline is waited, not refused
// A trap anywhere (building the Duration from curl's seconds included) is a failure too.

/// The one call this harness makes into Sources: adapt here if the merged API differs.
private func decideUnderTest(requested: Duration, limit: Duration, untilDeadline: Duration?)
    -> (wait: Duration?, reason: String?)
{
    switch RetryAfter.decide(requested: requested, limit: limit, untilDeadline: untilDeadline) {
    case .wait(let duration): (duration, nil)
    case .refuse(let reason): (nil, reason)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRetryAfter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var reader = ByteReader(fuzzBytes(data, size))
    let seconds = reader.int64()
    let attoseconds = reader.int64()
    // As the client builds it from CURLINFO_RETRY_AFTER: whole seconds, then any fraction.
    let requested =
        Duration.seconds(seconds) + Duration(secondsComponent: 0, attosecondsComponent: attoseconds)
    let limit = Duration.milliseconds(reader.int64())
    let hasDeadline = reader.byte() & 1 == 1
    let untilDeadline = hasDeadline ? Duration.milliseconds(reader.int64()) : nil

    let (wait, reason) = decideUnderTest(requested: requested, limit: limit, untilDeadline: untilDeadline)
    let asked = "requested \(requested), limit \(limit), until deadline \(String(describing: untilDeadline))"
    let ceiling = min(max(limit, .zero), untilDeadline.map { max($0, .zero) } ?? limit)
    let tooLong = requested > max(limit, .zero) || untilDeadline.map { requested > max($0, .zero) } ?? false
    if let wait {
        Invariant.check(
            "retry.bounds", wait >= .zero && wait <= max(ceiling, .zero), "waits \(wait): \(asked)")
        Invariant.check(
            "retry.honest", requested > .zero ? wait <= requested : wait == .zero, "waits \(wait): \(asked)")
        Invariant.check("retry.refuse", !tooLong, "waits \(wait) instead of refusing: \(asked)")
    } else {
        Invariant.check("retry.refuse", !(reason ?? "").isEmpty, "refused without a reason: \(asked)")
        Invariant.check("retry.accept", tooLong, "refused (\(reason ?? "")) a wait within bounds: \(asked)")
    }
    return 0
}

/// Reads little-endian integers from the input; past its end, zeros.
private struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }

    mutating func int64() -> Int64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
        return Int64(bitPattern: value)
    }
}
