public import ArgumentParser
import FlagsServer

/// `flags-server`: the mock HTTP server the flags clients download from, and its data builder.
public struct FlagsServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-server",
        abstract: "Serve country flags to the flags clients, like Fluent Python's slow_server.py.",
        discussion: """
            With no arguments, serves three servers at once on 127.0.0.1:
              LOCAL  http://127.0.0.1:8000/flags  no delay, no errors
              DELAY  http://127.0.0.1:8001/flags  every response held 0.5 s
              ERROR  http://127.0.0.1:8002/flags  0.5 s, 25 % answered 418
            Each serves GET and HEAD for /flags/{cc}/{cc}.png and
            /flags/{cc}/metadata.json (cc in lower case: /flags/br/br.png) and
            answers 404 to anything else. Delays and errors follow a seed: the same
            --seed gives the same delays and errors for each code on every run.

            It is also a fault lab for HTTP clients: presets such as FLAKY,
            OVERLOADED, SLOW, HOSTILE and RETRY (flags-server --list-profiles),
            faults of every kind (--fault: statuses with Retry-After, resets, stalls,
            truncated and slow bodies, latency), --max-in-flight, and stats,
            expectations and live control under /_lab/ (see "The fault lab" in README.md).

            The flags come from flags-data/, built once with:
              \(running) build-data

            Examples (flags-server is \(running) in this build):
              flags-server                        # LOCAL, DELAY and ERROR
              flags-seq -s DELAY                  # in another terminal
              flags-server --profile DELAY --delay 0.1...0.9 --seed 42
              flags-server --profile ERROR --error-rate 0.5 --port 9000
              flags-server --profile HOSTILE --seed 42

            See 'flags-server serve --help' for every option.
            """,
        subcommands: [Serve.self, BuildData.self],
        defaultSubcommand: Serve.self
    )

    public init() {}

    /// How to run this build's `flags-server` from here (`.build/release/flags-server`), for help
    /// and hints: `swift run` would build and run a debug one.
    static var running: String { BuildLocation.current().command("flags-server") }
}
