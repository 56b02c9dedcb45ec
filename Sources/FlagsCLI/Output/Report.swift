import FlagsCore
import Foundation

/// The words a client prints: the report of Fluent Python's `flags2_common.py`, the `-v` lines
/// and the `--json` object.
enum Report {
    /// The first lines: the server, the codes, the concurrency.
    static func header(
        serverLabel: String, serverURL: String, serverNote: String?, codes: [String], concurrency: Int
    )
        -> [String]
    {
        var lines = ["\(serverLabel) site: \(serverURL)" + (serverNote.map { " (\($0))" } ?? "")]
        let list =
            codes.count <= 10
            ? codes.joined(separator: ", ") : "from \(codes[0]) to \(codes[codes.count - 1])"
        lines.append("Searching for \(codes.count) flag\(codes.count == 1 ? "" : "s"): \(list)")
        lines.append(
            concurrency == 1
                ? "1 connection will be used." : "\(concurrency) concurrent connections will be used."
        )
        return lines
    }

    /// The last lines: the counts and the elapsed time.
    static func footer(_ summary: RunSummary, verbose: Bool) -> [String] {
        let tally = summary.tally
        var lines = [String(repeating: "-", count: 20)]
        lines.append("\(pad(tally.ok)) flag\(tally.ok == 1 ? "" : "s") downloaded.")
        if tally.notFound > 0 { lines.append("\(pad(tally.notFound)) not found.") }
        if tally.errors > 0 {
            lines.append("\(pad(tally.errors)) error\(tally.errors == 1 ? "" : "s").")
            if verbose {
                for (kind, count) in tally.errorsByKind.sorted(by: { $0.key < $1.key }) {
                    lines.append("    \(pad(count)) \(kind)")
                }
            }
        }
        if tally.cancelled > 0 { lines.append("\(pad(tally.cancelled)) cancelled.") }
        // More requests than codes: retries, redirects, or metadata with --names.
        if tally.attempts > tally.requested {
            lines.append("\(pad(tally.attempts)) requests made (retries, redirects and metadata included).")
        }
        if !tally.isBalanced {
            lines.append(
                "!!! ACCOUNTING ERROR: \(tally.accounted) results for \(tally.requested) codes requested. Please report this bug."
            )
        }
        switch summary.stopReason {
        case .interrupted: lines.append("Interrupted (Ctrl-C): stopped before the end.")
        case .deadline: lines.append("Deadline passed: stopped before the end.")
        case nil: break
        }
        if let server = summary.serverMaxInFlight {
            lines.append("Max in flight: \(summary.maxInFlight) (the server saw \(server))")
        } else if verbose {
            lines.append("Max in flight: \(summary.maxInFlight)")
        }
        lines.append("Elapsed time: \(String(format: "%.2f", summary.elapsed.seconds))s")
        return lines
    }

    /// The `-v` line for one code: `BR OK`, `ZZ not found: URL`, `XX error: HTTP 418 …`.
    static func line(for result: FlagResult) -> String {
        var retries = result.attempts > 1 ? " (\(result.attempts) attempts)" : ""
        if let last = result.redirects.last {
            let count = result.redirects.count
            retries += " via \(count) redirect\(count == 1 ? "" : "s") to \(last)"
        }
        switch result.outcome {
        case .ok:
            // Only worth saying when it is not the usual CC.png (`--names`).
            let saved = result.savedAs.flatMap { $0 == "\(result.code).png" ? nil : " → \($0)" } ?? ""
            let digest = result.checksum.map { " sha256 \($0.prefix(16))…" } ?? ""
            return "\(result.code) OK\(saved)\(retries)\(digest)"
        case .notFound:
            return "\(result.code) not found: \(result.url)"
        case .failed(let failure):
            return "\(result.code) error: \(failure)\(retries)"
        case .cancelled:
            return "\(result.code) cancelled"
        }
    }

    /// The `--json` object.
    static func json(_ summary: RunSummary) -> String {
        let tally = summary.tally
        let object = JSONSummary(
            requested: tally.requested,
            ok: tally.ok,
            notFound: tally.notFound,
            errors: tally.errors,
            cancelled: tally.cancelled,
            elapsedS: (summary.elapsed.seconds * 1000).rounded() / 1000,
            maxInFlight: summary.maxInFlight,
            serverMaxInFlight: summary.serverMaxInFlight,
            concurrency: summary.concurrency,
            server: summary.serverURL,
            serverLabel: summary.serverLabel,
            strategy: summary.strategy,
            attempts: tally.attempts,
            errorKinds: Dictionary(uniqueKeysWithValues: tally.errorsByKind.map { ($0.key.key, $0.value) }),
            failures: tally.failedCodes.map {
                JSONFailure(code: $0.code, kind: $0.failure.kind.key, reason: $0.failure.detail)
            },
            balanced: tally.isBalanced,
            stopped: summary.stopReason.map { $0 == .interrupted ? "interrupted" : "deadline" }
        )
        return encoded(object)
    }

    /// The `--json` object of a run that could not start (server unreachable, output not
    /// writable): the counts are zero, and `error` says why.
    static func jsonError(_ message: String, strategy: String, requested: Int, server: String?) -> String {
        let object = JSONError(
            error: message, requested: requested, ok: 0, notFound: 0, errors: 0, cancelled: 0, attempts: 0,
            server: server, strategy: strategy)
        return encoded(object)
    }

    /// One JSON object on one line: snake-case keys, sorted, slashes as they are.
    private static func encoded(_ object: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers and strings cannot fail.
        return String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self)
    }

    private static func pad(_ count: Int) -> String {
        let text = String(count)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text
    }
}

private struct JSONSummary: Encodable {
    var requested: Int
    var ok: Int
    var notFound: Int
    var errors: Int
    var cancelled: Int
    var elapsedS: Double
    var maxInFlight: Int
    var serverMaxInFlight: Int?
    var concurrency: Int
    var server: String
    var serverLabel: String
    var strategy: String
    var attempts: Int
    var errorKinds: [String: Int]
    var failures: [JSONFailure]
    var balanced: Bool
    var stopped: String?
}

private struct JSONFailure: Encodable {
    var code: String
    var kind: String
    var reason: String
}

private struct JSONError: Encodable {
    var error: String
    var requested: Int
    var ok: Int
    var notFound: Int
    var errors: Int
    var cancelled: Int
    var attempts: Int
    var server: String?
    var strategy: String
}
