/// Why the flag server could not start, or the flag data could not be built.
///
/// The ``description`` is written for the person at the terminal: it says what is wrong and
/// what to do about it. Use ``code`` to tell errors apart in code.
public struct FlagServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// What went wrong and what to do about it.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The command that builds the data, with the `flags-server` of the build that is running
    /// (`.build/release/flags-server build-data`), not `swift run`, which builds debug first.
    static var buildCommand: String { "\(BuildLocation.current().command("flags-server")) build-data" }

    /// No `flags/` data under `root`.
    static func dataMissing(root: String) -> FlagServerError {
        FlagServerError(
            .dataMissing,
            "no flag data in \(root) (expected \(root)/flags/{cc}/{cc}.png); "
                + "build it with `\(buildCommand)` (run from the repository root)"
        )
    }

    /// No root given and none found in the usual places.
    static func dataNotFound(searched: [String]) -> FlagServerError {
        FlagServerError(
            .dataMissing,
            "no flag data found (looked for flags-data/flags in: \(searched.joined(separator: ", "))); "
                + "build it with `\(buildCommand)` (run from the repository root), "
                + "or point FLAGS_DATA or --root at a flags-data directory"
        )
    }

    /// Another socket already listens on `host:port`.
    static func portInUse(host: String, port: Int) -> FlagServerError {
        FlagServerError(
            .portInUse,
            "port \(port) on \(host) is already in use; stop the other server or pick another --port"
        )
    }

    /// Binding `host:port` failed for another reason.
    static func cannotListen(host: String, port: Int, reason: String) -> FlagServerError {
        FlagServerError(.cannotListen, "cannot listen on \(host) port \(port): \(reason)")
    }

    /// A configuration value is out of range.
    static func invalidConfiguration(_ problem: String) -> FlagServerError {
        FlagServerError(.invalidConfiguration, problem)
    }

    /// A file the data builder reads from a Debian package is missing.
    package static func sourceMissing(_ path: String, package: String) -> FlagServerError {
        FlagServerError(
            .sourceMissing,
            "\(path) not found: it comes from the Debian package \(package); "
                + "install them: apt-get install iso-flags-png-320x240 iso-codes"
        )
    }

    /// The sources have no image or no name for a code.
    package static func unknownCountry(_ code: String, _ problem: String) -> FlagServerError {
        FlagServerError(.unknownCountry, "cannot build the flag of \"\(code)\": \(problem)")
    }

    /// Reading or writing a file failed.
    package static func fileSystem(_ path: String, _ problem: String) -> FlagServerError {
        FlagServerError(.fileSystem, "\(path): \(problem)")
    }
}

extension FlagServerError {
    /// The kinds of ``FlagServerError``, for code that must tell them apart.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case dataMissing
            case portInUse
            case cannotListen
            case invalidConfiguration
            case sourceMissing
            case unknownCountry
            case fileSystem
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The data directory is missing or empty: run `flags-server build-data`.
        public static let dataMissing = Code(.dataMissing)
        /// The port is taken by another socket.
        public static let portInUse = Code(.portInUse)
        /// The server could not bind its address for another reason (unknown host, …).
        public static let cannotListen = Code(.cannotListen)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A Debian package the data builder reads from is not installed.
        public static let sourceMissing = Code(.sourceMissing)
        /// A country code has no image or no name in the sources.
        public static let unknownCountry = Code(.unknownCountry)
        /// Reading or writing a file failed.
        public static let fileSystem = Code(.fileSystem)

        public var description: String { base.rawValue }
    }
}
