import Foundation

/// The `--help` text the three clients share after their own abstract.
enum ClientHelp {
    static func discussion(command: String, lesson: String) -> String {
        """
        \(lesson)

        With no --server, a mock server holding each response 0.5 s (the DELAY profile) runs \
        inside the client, so the elapsed time shows what concurrency buys. To use a separate \
        one, run `swift run flags-server` in another terminal and pass -s LOCAL, -s DELAY or \
        -s ERROR.

        Examples:
        \(examples(command))

        Flags are saved as CC.png (BR.png) in --output; each file is written under a temporary \
        name and renamed, so a file is complete or absent. Ctrl-C stops the run and prints \
        what finished; a second Ctrl-C quits at once.

        \(ExitStatus.help)
        """
    }

    /// Example command lines with what they do, aligned and short enough for 80 columns.
    private static func examples(_ command: String) -> String {
        let rows = [
            ("", "the 20 most populous countries"),
            (" -s LOCAL --all -m 50", "194 flags, no delay"),
            (" -s ERROR -e -v", "AA...ZZ; a quarter answered 418"),
            (" -s HOSTILE --retries 3", "the fault lab's worst"),
            (" BR IN U --names", "saved as Brazil.png, India.png..."),
        ]
        let width = rows.map { command.count + $0.0.count }.max() ?? 0
        return rows.map {
            "  " + (command + $0.0).padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1
        }
        .joined(separator: "\n")
    }
}
