import ArgumentParser
import FlagsCore

extension DownloadArguments {
    /// What each option that takes a number accepts, for the message about a negative value.
    private static var numberOptions: [(names: [String], accepts: String)] {
        [
            (["-l", "--limit"], "at least 1"),
            (["-m", "--max-concurrency"], "between 1 and \(maxConcurrencyLimit)"),
            (["--timeout"], BoundedSeconds.describe(timeoutRange)),
            (["--connect-timeout"], BoundedSeconds.describe(timeoutRange)),
            (["--retries"], "between 0 and \(retriesLimit)"),
            (["--max-retry-after"], BoundedSeconds.describe(maxRetryAfterRange)),
            (["--max-size"], "between 1 and \(maxSizeLimit)"),
            (["--cpu-work"], "between 0 and \(cpuWorkLimit)"),
            (["--deadline"], BoundedSeconds.describe(deadlineRange)),
        ]
    }

    /// The usage message for a negative number after an option that takes a value
    /// (`--limit -1`), or `nil`.
    ///
    /// ArgumentParser reads `-1` as an option of its own and reports "Missing value for
    /// '--limit <N>'", which hides the real reason: so the raw arguments are checked first, as
    /// `flags-bench` does for `--json=FILE`. (`--limit=-1` parses, and `validate()` answers it.)
    static func negativeValueProblem(in arguments: [String]) -> String? {
        for (option, value) in zip(arguments, arguments.dropFirst()) {
            if option == "--" { return nil }
            guard value.count > 1, value.hasPrefix("-"), Double(value) != nil,
                let entry = numberOptions.first(where: { $0.names.contains(option) })
            else { continue }
            return "\(entry.names.last ?? option) must be \(entry.accepts) (got \(value))"
        }
        return nil
    }
}

extension ParsableCommand {
    /// Exits with status 64 and the real reason when the command line gives a negative number
    /// to an option that takes one (see `negativeValueProblem`); returns otherwise.
    static func checkNegativeValues() {
        if let problem = DownloadArguments.negativeValueProblem(in: Array(CommandLine.arguments.dropFirst()))
        {
            exit(withError: ValidationError(problem))
        }
    }
}
