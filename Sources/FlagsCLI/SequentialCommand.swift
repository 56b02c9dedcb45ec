public import ArgumentParser
import FlagsCore

/// `flags-seq`: the sequential client.
public struct SequentialCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-seq",
        abstract: "Download flags one after another, over one connection: the baseline.",
        discussion: ClientHelp.discussion(
            command: "flags-seq",
            lesson: "Each request waits for the one before it, so N flags take N times one round trip."
        )
    )

    @OptionGroup public var arguments: DownloadArguments

    public init() {}

    public func run() throws {
        let run = ClientRun(
            command: "flags-seq", strategy: "sequential", arguments: arguments, defaultConcurrency: 1)
        try run.runBlocking { prepared in
            try SequentialStrategy.downloadMany(
                prepared.codes, downloader: prepared.downloader, observer: prepared.observer)
        }
    }
}
