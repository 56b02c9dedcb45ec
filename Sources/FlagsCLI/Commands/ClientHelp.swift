import FlagsServer
import Foundation

/// The `--help` text the three clients share after their own abstract.
enum ClientHelp {
    /// One example command line: the arguments after the command's name, and what it does.
    struct Example {
        let arguments: String
        let what: String

        init(_ arguments: String, _ what: String) {
            self.arguments = arguments
            self.what = what
        }
    }

    /// - Parameters:
    ///   - examples: command lines this client honours every option of, each saying what it does
    ///     (and how long it takes when that is more than a few seconds).
    ///   - slow: a sentence on the runs that take long with this client, if any.
    static func discussion(command: String, lesson: String, examples: [Example], slow: String? = nil)
        -> String
    {
        """
        \(lesson)

        With no --server, a mock server holding each response 0.5 s (the DELAY profile) runs \
        inside the client, so the elapsed time shows what concurrency buys. To use a separate \
        one, run `\(BuildLocation.current().command("flags-server"))` in another terminal and \
        pass -s LOCAL, -s DELAY or -s ERROR.

        Examples:
        \(lines(command, examples))
        \(slow.map { "\n" + $0 + "\n" } ?? "")
        Flags are saved as CC.png (BR.png) in --output; each file is written under a temporary \
        name and renamed, so a file is complete or absent. Ctrl-C stops the run and prints \
        what finished; a second Ctrl-C quits at once.

        \(ExitStatus.help)
        """
    }

    /// The examples aligned in two columns, each line short enough for 80 columns.
    static func lines(_ command: String, _ examples: [Example]) -> String {
        let width = examples.map { command.count + 1 + $0.arguments.count }.max() ?? 0
        return examples.map { example in
            let line = example.arguments.isEmpty ? command : "\(command) \(example.arguments)"
            return "  " + line.padding(toLength: width + 2, withPad: " ", startingAt: 0) + example.what
        }
        .joined(separator: "\n")
    }
}
