public import ArgumentParser
import FlagsCore

/// `flags-seq`: the sequential client.
public struct SequentialCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-seq",
        abstract: "Download flags one after another, over one connection: the baseline.",
        discussion: ClientHelp.discussion(
            command: "flags-seq",
            lesson: "Each request waits for the one before it, so N flags take N times one round trip.",
            examples: [
                .init("", "the 20 most populous countries (10 s)"),
                .init("-s LOCAL --all", "194 flags, no delay"),
                .init("-s ERROR BR IN US -v", "a quarter answered 418 (1.5 s)"),
                .init("-s LOCAL -e --json", "AA..ZZ, 676 requests, as JSON"),
                .init("BR IN U --names", "saved as Brazil.png, India.png..."),
            ],
            slow: """
                Slow on purpose: against DELAY or ERROR (and the embedded server), --all takes \
                97 s (194 × 0.5 s) and -e 5½ minutes (676 × 0.5 s); -m is ignored: one \
                connection is the point.
                """
        )
    )

    @OptionGroup var arguments: DownloadArguments

    public init() {}

    /// Runs the client: `--limit -1` and the like get their real reason before parsing.
    public static func main() {
        checkNegativeValues()
        main(nil)
    }

    public func run() throws {
        let run = ClientRun(
            command: "flags-seq", strategy: "sequential", arguments: arguments, defaultConcurrency: 1)
        try run.runBlocking { prepared in
            try SequentialStrategy.downloadMany(
                prepared.codes, downloader: prepared.downloader, observer: prepared.observer)
        }
    }
}
