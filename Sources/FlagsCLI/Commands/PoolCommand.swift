public import ArgumentParser
import FlagsCore

/// `flags-pool`: the thread-pool client.
public struct PoolCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-pool",
        abstract: "Download flags on a pool of threads, with futures.",
        discussion: ClientHelp.discussion(
            command: "flags-pool",
            lesson: """
                -m N worker threads each block on one transfer at a time; futures deliver the \
                results as they complete. With --map, results come in submission order, as from \
                Python's executor.map: a slow first flag holds up every report behind it. The \
                report says how many threads really ran (libdispatch on Linux starts at most about \
                255).
                """,
            examples: [
                .init("", "the 20 most populous, 20 threads (0.5 s)"),
                .init("-s LOCAL --all -m 50", "194 flags, no delay"),
                .init("-s ERROR -e -m 100 -v", "AA..ZZ, a quarter 418 (about 4 s)"),
                .init("-s HOSTILE --retries 3", "the fault lab's worst"),
                .init("BR IN U --names", "saved as Brazil.png, India.png..."),
                .init("-s SLOW -v --map", "the 20 reported in submission order"),
            ]
        )
    )

    @OptionGroup var arguments: DownloadArguments

    @Flag(
        help: ArgumentHelp(
            "Take results in submission order (the pool's map) instead of as they complete.",
            discussion:
                "The transfers still run at the same time; only the reporting waits, so a slow flag "
                + "holds up the -v lines and the progress line for every flag behind it."
        )
    )
    public var map = false

    public init() {}

    /// Runs the client: `--limit -1` and the like get their real reason before parsing.
    public static func main() {
        checkNegativeValues()
        main(nil)
    }

    public func run() throws {
        let run = ClientRun(
            command: "flags-pool", strategy: "pool", arguments: arguments, defaultConcurrency: 20)
        try run.runBlocking { prepared in
            try PoolStrategy.downloadMany(
                prepared.codes,
                downloader: prepared.downloader,
                maxConcurrency: prepared.maxConcurrency,
                order: map ? .map : .asCompleted,
                observer: prepared.observer
            )
        }
    }
}
