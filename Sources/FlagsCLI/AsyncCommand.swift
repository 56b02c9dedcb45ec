public import ArgumentParser
import FlagsCore

/// `flags-async`: the async/await client.
public struct AsyncCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-async",
        abstract: "Download flags with async/await over libcurl's multi interface.",
        discussion: ClientHelp.discussion(
            command: "flags-async",
            lesson: """
                One thread runs libcurl's event loop for every transfer; a task group keeps up to \
                -m downloads in flight (a sliding window) and no thread blocks while flags travel.
                """
        )
    )

    @OptionGroup public var arguments: DownloadArguments

    public init() {}

    public func run() async throws {
        let run = ClientRun(
            command: "flags-async", strategy: "async", arguments: arguments, defaultConcurrency: 20)
        try await run.runAsync { prepared in
            try await AsyncStrategy.downloadMany(
                prepared.codes,
                downloader: prepared.downloader,
                maxConcurrency: prepared.maxConcurrency,
                observer: prepared.observer
            )
        }
    }
}
