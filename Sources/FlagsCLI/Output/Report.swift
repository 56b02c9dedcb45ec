import FlagsCore
import FlagsShared
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
        return ClientReport(
            requested: tally.requested,
            ok: tally.ok,
            notFound: tally.notFound,
            errors: tally.errors,
            cancelled: tally.cancelled,
            attempts: tally.attempts,
            strategy: summary.strategy,
            server: summary.serverURL,
            elapsedS: (summary.elapsed.seconds * 1000).rounded() / 1000,
            maxInFlight: summary.maxInFlight,
            serverMaxInFlight: summary.serverMaxInFlight,
            concurrency: summary.concurrency,
            serverLabel: summary.serverLabel,
            errorKinds: Dictionary(uniqueKeysWithValues: tally.errorsByKind.map { ($0.key.key, $0.value) }),
            failures: tally.failedCodes.map {
                ClientReport.Failure(code: $0.code, kind: $0.failure.kind.key, reason: $0.failure.detail)
            },
            balanced: tally.isBalanced,
            stopped: summary.stopReason.map { $0 == .interrupted ? "interrupted" : "deadline" }
        ).line
    }

    /// The `--json` object of a run that could not start (server unreachable, output not
    /// writable): the counts are zero, and `error` says why.
    static func jsonError(_ message: String, strategy: String, requested: Int, server: String?) -> String {
        ClientReport(error: message, strategy: strategy, requested: requested, server: server).line
    }

    private static func pad(_ count: Int) -> String {
        String(count).spacePadded(to: 3)
    }
}
