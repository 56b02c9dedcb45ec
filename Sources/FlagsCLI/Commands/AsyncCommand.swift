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
                """,
            examples: [
                .init("", "the 20 most populous, 20 at once (0.5 s)"),
                .init("-s LOCAL --all -m 200", "194 flags, no delay"),
                .init("-s ERROR -e -m 200 -v", "AA..ZZ, a quarter 418 (about 2 s)"),
                .init("-s HOSTILE --retries 3", "the fault lab's worst"),
                .init("BR IN U --names", "saved as Brazil.png, India.png..."),
            ]
        )
    )

    @OptionGroup var arguments: DownloadArguments

    public init() {}

    /// Runs the client: `--limit -1` and the like get their real reason before parsing.
    public static func main() async {
        checkNegativeValues()
        await main(nil)
    }

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
