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
                results as they complete. The report says how many threads really ran (libdispatch \
                on Linux starts at most about 255).
                """
        )
    )

    @OptionGroup public var arguments: DownloadArguments

    public init() {}

    public func run() throws {
        let run = ClientRun(
            command: "flags-pool", strategy: "pool", arguments: arguments, defaultConcurrency: 20)
        try run.runBlocking { prepared in
            try PoolStrategy.downloadMany(
                prepared.codes,
                downloader: prepared.downloader,
                maxConcurrency: prepared.maxConcurrency,
                observer: prepared.observer
            )
        }
    }
}
