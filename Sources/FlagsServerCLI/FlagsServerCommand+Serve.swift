import ArgumentParser
import FlagsServer
import FlagsShared
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FlagsServerCommand {
    /// `flags-server serve`: serve the three profiles, or one profile or profile file with overrides.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve flags over HTTP until Ctrl-C (the default command).",
            discussion: """
                Without --profile, serves LOCAL on port 8000, DELAY on 8001 and ERROR on 8002.
                With --profile (or --profile-file), serves that one; --port, --delay,
                --error-rate, --fault, --fail-first and --fail-with change it.
                Each request is logged to stderr (code, attempt, outcome, delay) unless --quiet.
                On Ctrl-C (or SIGTERM) requests in flight get --grace seconds to finish, and
                each server's stats are printed.

                Faults (--fault, repeatable; at most one failure and one latency per
                request; @P is a chance, 10% or 0.1):
                  503@10%  429:5@0.05       a status (Retry-After: 1 for 429 and 503)
                  500@5%  418@25%           a status
                  reset@2%                  TCP reset before the response
                  reset:mid-body@2%         TCP reset in the middle of the body
                  stall@1%                  accept, never answer
                  truncate@2%               Content-Length of all, half sent, closed
                  slow:8192@10%             the body at 8192 bytes/s
                  slow:4x0.25@10%           the body in 4 chunks 0.25 s apart
                  latency:2@5%              2 s before the headers
                  latency:1:body@5%         1 s before the body
                  redirect@10%              302 to the same file; redirect:port=N,
                                            redirect:loop, redirect:outside

                Lab endpoints (loopback peers only): GET /_lab/stats,
                GET /_lab/expect?codes=BR,US, POST /_lab/reset, GET and PUT /_lab/profile.

                Examples:
                  flags-server --list-profiles
                  flags-server --profile HOSTILE --seed 42
                  flags-server --profile DELAY --fault 503@10% --fault reset@2%
                  flags-server --profile LOCAL --fail-first 2 --fail-with 500
                  flags-server --profile-file lab.json --max-in-flight 50
                  flags-seq -s DELAY          # in another terminal: a client for DELAY
                """
        )

        @Option(
            help: ArgumentHelp(
                "Serve one profile: LOCAL, DELAY, ERROR or a lab preset (see --list-profiles), any case. "
                    + "(default: LOCAL, DELAY and ERROR at once)",
                valueName: "LABEL"
            )
        )
        var profile: String?

        @Option(
            help: ArgumentHelp(
                "Serve the profile in this JSON file (see GET /_lab/profile for the format).",
                valueName: "FILE"))
        var profileFile: String?

        @Flag(help: "List the profiles with their delays, faults and ports, and exit.")
        var listProfiles = false

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "HOST"))
        var host = "127.0.0.1"

        @Option(
            help: ArgumentHelp(
                "The port, with --profile; 0 picks a free one. (default: the profile's: 8000, 8001…)",
                valueName: "PORT"))
        var port: Int?

        @Option(
            help: ArgumentHelp(
                "Hold each response S seconds, a random MIN...MAX, or S±J: S give or take J (also S+-J), with "
                    + "--profile. (default: the profile's: 0 for LOCAL, 0.5 for DELAY and ERROR)",
                valueName: "S|MIN...MAX|S±J"
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
            name: .customLong("fault"),
            help: ArgumentHelp(
                "Add a fault to the profile's catalogue, with --profile; repeatable (see above). (default: none)",
                valueName: "FAULT[@P]"
            )
        )
        var faults: [String] = []

        @Option(
            help: ArgumentHelp(
                "Fail the first K attempts of each flag's file with --fail-with, then follow the profile. "
                    + "(default: 0)",
                valueName: "K"
            )
        )
        var failFirst: Int?

        @Option(
            help: ArgumentHelp(
                "The failure of --fail-first: a status (503, 500:none, 429:2), reset, reset:mid-body, stall, "
                    + "truncate, slow:… or redirect[:…]. (default: 503)",
                valueName: "FAULT"
            )
        )
        var failWith: String?

        @Option(
            help: ArgumentHelp(
                "Answer 503 with Retry-After: 1 to requests beyond K in flight. (default: the profile's; "
                    + "none, but 20 for OVERLOADED)",
                valueName: "K"
            )
        )
        var maxInFlight: Int?

        @Option(
            help: ArgumentHelp(
                "Fixes the delays and faults of each code across runs. (default: random, printed at start)",
                valueName: "SEED"))
        var seed: UInt64?

        @Option(
            help: ArgumentHelp(
                "The flags-data directory. (default: $FLAGS_DATA, ./flags-data, or the repository's)",
                valueName: "DIR"))
        var root: String?

        @Flag(help: "Do not log each request.")
        var quiet = false

        @Option(help: ArgumentHelp("Close connections idle this many seconds.", valueName: "S"))
        var idleTimeout: Double = 60

        @Option(
            help: ArgumentHelp(
                "Close connections whose request is not complete this many seconds after its first byte.",
                valueName: "S"))
        var headerTimeout: Double = 10

        @Option(
            help: ArgumentHelp(
                "Answer 431 to requests whose request line and headers exceed this many bytes.",
                valueName: "BYTES"))
        var maxHeaderBytes = 16_384

        @Option(
            help: ArgumentHelp(
                "On Ctrl-C, give requests in flight this many seconds to finish before cutting them.",
                valueName: "S"))
        var grace: Double = 2

        @Flag(help: "Answer /_lab/* from any peer, not only from loopback addresses.")
        var labFromAnyHost = false

        func validate() throws {
            if listProfiles { return }
            if profile != nil && profileFile != nil {
                throw ValidationError("--profile and --profile-file both name a profile: use one")
            }
            if let profile, ServerProfile.named(profile) == nil {
                throw ValidationError(
                    "unknown profile '\(profile)': use \(Self.labels) (see --list-profiles)")
            }
            if let profileFile {
                do {
                    _ = try ServerProfile.load(file: profileFile)
                } catch {
                    throw ValidationError("\(error)")
                }
            }
            if profile == nil && profileFile == nil {
                let oneServerOptions = [
                    ("--port", port != nil), ("--delay", delay != nil), ("--error-rate", errorRate != nil),
                    ("--fault", !faults.isEmpty), ("--fail-first", failFirst != nil),
                    ("--fail-with", failWith != nil),
                ]
                for (option, isSet) in oneServerOptions where isSet {
                    throw ValidationError(
                        "\(option) changes one server: add --profile LABEL or --profile-file FILE")
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
                    "--delay '\(delay)' is not seconds (0.5), a range (0.1...0.9) or BASE±JITTER (0.5±0.1), "
                        + "in \(ServerLimits.text(ServerLimits.delaySeconds))"
                )
            }
            if let errorRate, !ServerLimits.probability.contains(errorRate) {
                throw ValidationError(
                    "--error-rate \(errorRate) is not in 0...1 (0.25 answers a quarter of requests 418)")
            }
            for fault in faults {
                do {
                    _ = try FaultRule(parsing: fault)
                } catch {
                    throw ValidationError("--fault: \(error)")
                }
            }
            if let failFirst, !ServerLimits.failFirst.contains(failFirst) {
                throw ValidationError(
                    "--fail-first \(failFirst) is not in 0...\(ServerProfile.failFirstLimit)")
            }
            if let failWith {
                do {
                    _ = try FaultRule.fault(parsing: failWith)
                } catch {
                    throw ValidationError("--fail-with: \(error)")
                }
            }
            if let maxInFlight, !ServerLimits.maxInFlight.contains(maxInFlight) {
                throw ValidationError(
                    "--max-in-flight \(maxInFlight) is not in \(ServerLimits.maxInFlight.lowerBound)..."
                        + "\(ServerLimits.maxInFlight.upperBound) (leave it out for no limit)")
            }
            for (option, seconds) in [
                ("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--grace", grace),
            ] where ServerLimits.duration(seconds: seconds, within: ServerLimits.timeoutSeconds) == nil {
                throw ValidationError(
                    "\(option) \(seconds) is not seconds in \(ServerLimits.text(ServerLimits.timeoutSeconds))"
                )
            }
            if !ServerLimits.maxHeaderBytes.contains(maxHeaderBytes) {
                throw ValidationError("--max-header-bytes \(maxHeaderBytes) is not in 256...1048576")
            }
            // What the options add up to must make a profile (the failures' chances fit in 100 %…).
            for configuration in try configurations(seed: 0) {
                do {
                    try configuration.profile.validate()
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }

        func run() async throws {
            if listProfiles {
                print(Self.profileList(), terminator: "")
                return
            }
            // Thousands of connections need thousands of file descriptors.
            FileDescriptorLimit.raiseToHardLimit()
            let seed = seed ?? UInt64.random(in: .min ... .max)
            // The profile file was read once by validate(); read it again off the cooperative pool.
            var loaded: ServerProfile?
            if let profileFile { loaded = try await ServerProfile.loadOffPool(file: profileFile) }
            var servers: [FlagServer] = []
            do {
                for configuration in try configurations(seed: seed, profileFromFile: loaded) {
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
            print("seed \(seed) (--seed \(seed) repeats these delays and faults)")
            fflush(nil)
            let example = servers.count == 1 ? servers[0] : servers[1]
            let choice = example.port == example.profile.defaultPort ? example.profile.name : example.baseURL
            // The client of this build, not `swift run` (which would build and run a debug one).
            let client = BuildLocation.current().command("flags-seq")
            Self.printToStandardError(
                "serving \(example.root); stats at \(example.labURL)/stats; live page \(example.labPageURL); Ctrl-C stops.\n"
                    + "Try, in another terminal: \(client) -s \(choice)"
            )

            let signal = await ShutdownSignal.wait()
            Self.printToStandardError("\(signal): stopping (requests in flight get \(grace) s)")
            await withTaskGroup(of: Void.self) { group in
                for server in servers {
                    group.addTask { await server.shutdown() }
                }
            }
            for server in servers {
                print(Self.statsLine(server))
            }
        }

        /// The labels `--profile` takes, for messages.
        static var labels: String { ServerProfile.presets.map(\.name).joined(separator: ", ") }

        /// What `--list-profiles` prints: each profile's label, port and numbers, and the options
        /// that rebuild it from LOCAL.
        static func profileList() -> String {
            let width = ServerProfile.presets.map(\.name.count).max() ?? 0
            var text = ""
            for profile in ServerProfile.presets {
                let label = profile.name + String(repeating: " ", count: width - profile.name.count)
                text += "\(label)  :\(profile.defaultPort)  \(profile.summary)\n"
                let indent = String(repeating: " ", count: width + 9)
                if !profile.about.isEmpty {
                    text += "\(indent)\(profile.about)\n"
                }
                let options = profile.options
                text +=
                    "\(indent)= --profile LOCAL\(options.isEmpty ? "" : " " + options.joined(separator: " "))\n"
            }
            text += """

                Latencies add to the delay; a request gets at most one failure and one latency.
                Serve one: flags-server --profile HOSTILE --seed 42   (or -s HOSTILE in a client)
                Stats: curl http://127.0.0.1:8006/_lab/stats

                """
            return text
        }

        /// One line of a stopped server's stats: requests by outcome, max in flight, connections.
        static func statsLine(_ server: FlagServer) -> String {
            let stats = server.stats
            let outcomes = stats.byOutcome.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let accepted = stats.connections.accepted
            return "\(server.profile.name)  \(stats.requests) request\(stats.requests == 1 ? "" : "s")"
                + (outcomes.isEmpty ? "" : " (\(outcomes))")
                + "; max in flight \(stats.maxInFlight); \(accepted) connection\(accepted == 1 ? "" : "s")"
                + " (max open \(stats.connections.maxOpen))"
        }

        /// Writes a line to stderr, unbuffered: hints and progress stay out of stdout.
        private static func printToStandardError(_ line: String) {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }

        /// One configuration per server to start; `profileFromFile` is the content of
        /// `--profile-file` when the caller has read it already (otherwise it is read here).
        func configurations(seed: UInt64, profileFromFile: ServerProfile? = nil) throws
            -> [FlagServerConfiguration]
        {
            // validate() has checked the three; the fallbacks only keep this total without a trap.
            let timeout = ServerLimits.timeoutSeconds
            let idleTimeout = ServerLimits.duration(seconds: idleTimeout, within: timeout) ?? .seconds(60)
            let headerTimeout = ServerLimits.duration(seconds: headerTimeout, within: timeout) ?? .seconds(10)
            let grace = ServerLimits.duration(seconds: grace, within: timeout) ?? .seconds(2)
            func configure(_ profile: ServerProfile, port: Int) -> FlagServerConfiguration {
                var profile = profile
                if let maxInFlight { profile.maxInFlight = maxInFlight }
                return FlagServerConfiguration(
                    host: host,
                    port: port,
                    profile: profile,
                    seed: seed,
                    root: root,
                    quiet: quiet,
                    idleTimeout: idleTimeout,
                    headerTimeout: headerTimeout,
                    maxHeaderBytes: maxHeaderBytes,
                    shutdownGrace: grace,
                    labFromAnyHost: labFromAnyHost
                )
            }
            var chosen: ServerProfile
            if let profileFile {
                chosen = try profileFromFile ?? ServerProfile.load(file: profileFile)
            } else if let name = profile, let named = ServerProfile.named(name) {
                chosen = named
            } else {
                return ServerProfile.all.map { configure($0, port: $0.defaultPort) }
            }
            if let delay = delay.flatMap(ResponseDelay.init(parsing:)) {
                chosen.delay = delay
            }
            if let errorRate {
                chosen.errorRate = errorRate
            }
            chosen.faults += try faults.map { try FaultRule(parsing: $0) }
            if let failFirst {
                chosen.failFirst = failFirst
            }
            if let failWith {
                chosen.failWith = try FaultRule.fault(parsing: failWith)
            }
            return [configure(chosen, port: port ?? chosen.defaultPort)]
        }
    }
}
