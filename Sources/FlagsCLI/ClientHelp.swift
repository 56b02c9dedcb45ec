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
          \(command)                       the 20 most populous countries
          \(command) -s LOCAL --all -m 50  194 flags from a server with no delay
          \(command) -s ERROR -e -v        676 codes against a server that answers 25 % with 418
          \(command) BR IN U --names       Brazil, India and the 26 codes U… saved as Country_Name.png

        Flags are saved as CC.png (BR.png) in --output; each file is written under a temporary \
        name and renamed, so a file is complete or absent. Ctrl-C stops the run and prints \
        what finished; a second Ctrl-C quits at once.

        \(ExitStatus.help)
        """
    }
}
