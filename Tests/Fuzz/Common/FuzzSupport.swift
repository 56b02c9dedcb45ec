// Shared by every fuzz harness: compiled into each target's executable by `scripts/fuzz`.
// Not part of the package: SwiftPM never sees Tests/Fuzz.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes libFuzzer hands a harness, as an array.
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The fuzz input as text; invalid UTF-8 becomes U+FFFD, as a server reading a request body would.
func fuzzText(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Invariant checks that stop the process (so libFuzzer saves the input) with a message naming
/// the invariant.
///
/// Each invariant has a short id (`names.slash`). Set `FUZZ_IGNORE=id1,id2` to skip invariants
/// already reported, so a run can look for the next kind of failure instead of finding the same
/// one again.
enum Invariant {
    private static let ignored: Set<Substring> = {
        guard let value = getenv("FUZZ_IGNORE") else { return [] }
        return Set(String(cString: value).split(separator: ","))
    }()

    /// Stops the process unless `condition` holds (or `id` is ignored).
    static func check(
        _ id: String,
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String
    ) {
        guard !ignored.contains(id[...]) else { return }
        guard !condition() else { return }
        fail(id, message())
    }

    /// Stops the process: the invariant `id` does not hold.
    static func fail(_ id: String, _ message: String) -> Never {
        let line = "INVARIANT \(id) FAILED: \(message)\n"
        // write(2) on the descriptor: the C `stderr` global is shared mutable state to Swift 6.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        fatalError("invariant \(id) failed")
    }
}

/// `s` as Swift literal text for messages: quotes, escapes and non-ASCII shown as `\u{…}`.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        if scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
        {
            result.unicodeScalars.append(scalar)
        } else {
            result += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
    return result + "\""
}
