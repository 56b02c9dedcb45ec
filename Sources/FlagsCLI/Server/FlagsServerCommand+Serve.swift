import ArgumentParser
import FlagsServer
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FlagsServerCommand {
    /// `flags-server serve`: serve the three profiles, or one of them with overrides.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve flags over HTTP until Ctrl-C (the default command).",
            discussion: """
                Without --profile, serves LOCAL on port 8000, DELAY on 8001 and ERROR on 8002.
                With --profile, serves that one; --port, --delay and --error-rate change it.
                Each request is logged to stderr (code, attempt, status, delay) unless --quiet.

                Examples:
                  flags-server serve --profile DELAY --delay 0.1...0.9 --seed 42
                  swift run flags-seq -s DELAY        # a client against the DELAY server
                """
        )

        @Option(help: "Serve one profile: LOCAL, DELAY or ERROR (any case). (default: all three)")
        var profile: String?

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port, with --profile; 0 picks a free one. (default: 8000, 8001, 8002 by profile)")
        var port: Int?

        @Option(
            help: ArgumentHelp(
                "Hold each response S seconds, or a random MIN...MAX seconds, with --profile. "
                    + "(default: 0 for LOCAL, 0.5 for DELAY and ERROR)",
                valueName: "S|MIN...MAX"
            )
        )
        var delay: String?

        @Option(
            help: ArgumentHelp(
                "The fraction of requests answered 418 I'm a teapot, 0...1, with --profile. "
                    + "(default: 0.25 for ERROR, 0 otherwise)",
                valueName: "P"
            )
        )
        var errorRate: Double?

        @Option(
            help: "Fixes the delays and errors of each code across runs. (default: random, printed at start)")
        var seed: UInt64?

        @Option(help: "The flags-data directory. (default: $FLAGS_DATA, ./flags-data, or the repository's)")
        var root: String?

        @Flag(help: "Do not log each request.")
        var quiet = false

        func validate() throws {
            if let profile, ServerProfile.named(profile) == nil {
                throw ValidationError("unknown profile '\(profile)': use LOCAL, DELAY or ERROR")
            }
            if profile == nil {
                let oneServerOptions = [
                    ("--port", port != nil), ("--delay", delay != nil), ("--error-rate", errorRate != nil),
                ]
                for (option, isSet) in oneServerOptions where isSet {
                    throw ValidationError("\(option) changes one server: add --profile LOCAL, DELAY or ERROR")
                }
            }
            if host.isEmpty {
                throw ValidationError("--host is empty: use an address such as 127.0.0.1")
            }
            if let port, !(0...65_535).contains(port) {
                throw ValidationError("--port \(port) is not a port: use 1...65535, or 0 for any free port")
            }
            if let delay, ResponseDelay(parsing: delay) == nil {
                throw ValidationError(
                    "--delay '\(delay)' is not seconds (0.5) or a range of seconds (0.1...0.9), each in 0...3600"
                )
            }
            if let errorRate, !(0...1).contains(errorRate) {
                throw ValidationError(
                    "--error-rate \(errorRate) is not in 0...1 (0.25 answers a quarter of requests 418)")
            }
        }

        func run() async throws {
            let seed = seed ?? UInt64.random(in: .min ... .max)
            var servers: [FlagServer] = []
            do {
                for configuration in configurations(seed: seed) {
                    var logger = Logger(label: configuration.profile.name) {
                        StreamLogHandler.standardError(label: $0)
                    }
                    logger.logLevel = quiet ? .warning : .info
                    servers.append(try await FlagServer.start(configuration, logger: logger))
                }
            } catch {
                for server in servers { await server.shutdown() }
                throw error
            }

            for server in servers {
                print("\(server.profile.name)  \(server.baseURL)  \(server.profile.summary)")
            }
            print("seed \(seed) (--seed \(seed) repeats these delays and errors)")
            fflush(nil)
            let example = servers.count == 1 ? servers[0] : servers[1]
            let choice = example.port == example.profile.defaultPort ? example.profile.name : example.baseURL
            Self.printToStandardError(
                "serving \(example.root); Ctrl-C stops. Try: swift run flags-seq -s \(choice)"
            )

            let signal = await ShutdownSignal.wait()
            Self.printToStandardError("\(signal): stopping")
            await withTaskGroup(of: Void.self) { group in
                for server in servers {
                    group.addTask { await server.shutdown() }
                }
            }
        }

        /// Writes a line to stderr, unbuffered: hints and progress stay out of stdout.
        private static func printToStandardError(_ line: String) {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }

        /// One configuration per server to start.
        private func configurations(seed: UInt64) -> [FlagServerConfiguration] {
            guard let name = profile, var profile = ServerProfile.named(name) else {
                return ServerProfile.all.map {
                    FlagServerConfiguration(
                        host: host, port: $0.defaultPort, profile: $0, seed: seed, root: root, quiet: quiet)
                }
            }
            if let delay = delay.flatMap(ResponseDelay.init(parsing:)) {
                profile.delay = delay
            }
            if let errorRate {
                profile.errorRate = errorRate
            }
            return [
                FlagServerConfiguration(
                    host: host,
                    port: port ?? profile.defaultPort,
                    profile: profile,
                    seed: seed,
                    root: root,
                    quiet: quiet
                )
            ]
        }
    }
}
