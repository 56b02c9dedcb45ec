import FlagsServer

/// Why a bench could not run, in words a user can act on.
struct BenchError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case debugBuild(path: String)
        case missingExecutable(name: String, directory: String)
        case cannotStart(path: String, reason: String)
        case clientFailed(command: String, status: Int32, detail: String)
        case codeCountMismatch(command: String, requested: Int, expected: Int)
        case serverUnreachable(url: String, reason: String)
        case serverFailed(reason: String)
        case cannotCreate(path: String, option: String, reason: String)
        case cannotWrite(path: String, reason: String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The bench itself is a debug build, so the clients next to it are too.
    static func debugBuild(_ path: String) -> Self { Self(.debugBuild(path: path)) }

    /// A client is not next to `flags-bench`.
    static func missingExecutable(_ name: String, directory: String) -> Self {
        Self(.missingExecutable(name: name, directory: directory))
    }

    /// `posix_spawn` failed.
    static func cannotStart(_ path: String, reason: String) -> Self {
        Self(.cannotStart(path: path, reason: reason))
    }

    /// A client exited without a report (`detail`: what it said on stderr, or what was wrong).
    static func clientFailed(_ command: String, status: Int32, detail: String) -> Self {
        Self(.clientFailed(command: command, status: status, detail: detail))
    }

    /// A client asked for a different number of codes than the bench expanded.
    static func codeCountMismatch(_ command: String, requested: Int, expected: Int) -> Self {
        Self(.codeCountMismatch(command: command, requested: requested, expected: expected))
    }

    /// Nothing answers at the server's address.
    static func serverUnreachable(_ url: String, reason: String) -> Self {
        Self(.serverUnreachable(url: url, reason: reason))
    }

    /// The embedded server could not start.
    static func serverFailed(_ reason: String) -> Self { Self(.serverFailed(reason: reason)) }

    /// An output file (`--json-file`, `--csv-file`, `--chart`) cannot be created or opened: found
    /// before the first run.
    static func cannotCreate(_ path: String, option: String, reason: String) -> Self {
        Self(.cannotCreate(path: path, option: option, reason: reason))
    }

    /// An output file opened before the bench could not be written at its end.
    static func cannotWrite(_ path: String, reason: String) -> Self {
        Self(.cannotWrite(path: path, reason: reason))
    }

    /// A client (or curl) that ended on SIGINT or exited 130 after one: the Ctrl-C was the
    /// user's, meant for the whole bench.
    var wasInterrupted: Bool {
        if case .clientFailed(_, let status, _) = code { return status == 130 }
        return false
    }

    /// The exit status: 73 (`EX_CANTCREAT` of sysexits.h: "a user-specified output file cannot
    /// be created") for an output file, 1 for everything else that stops a bench.
    var exitStatus: Int32 {
        switch code {
        case .cannotCreate, .cannotWrite: 73
        default: 1
        }
    }

    /// The message, and on further lines what to do about it.
    var description: String {
        switch code {
        case .debugBuild(let path):
            return """
                \(path) is a debug build: its timings (and those of the clients next to it) say \
                little about concurrency.
                  → build release executables and run the bench from them (from the package root):
                    swift build -c release && .build/release/flags-bench
                  → or pass --allow-debug to measure anyway (every row is then marked as a debug build)
                """
        case .missingExecutable(let name, let directory) where name == "curl":
            return
                "curl is not in \(directory)\n  → install it (apt-get install curl), or leave curl out of --strategies"
        case .missingExecutable(let name, let directory):
            let build = BuildLocation(executable: "\(directory)/flags-bench").buildCommand
            return
                "\(name) is not in \(directory), next to flags-bench\n  → build every product first: \(build)"
        case .cannotStart(let path, let reason):
            return "cannot start \(path): \(reason)"
        case .clientFailed(let command, let status, let detail):
            return "\(command) failed (exit status \(status)): \(detail)"
        case .codeCountMismatch(let command, let requested, let expected):
            return
                "\(command) requested \(Format.count(requested, "code")), but the bench expanded \(expected): the code lists differ"
        case .serverUnreachable(let url, let reason):
            return
                "cannot reach the server at \(url): \(reason)\n  → start it in another terminal (\(BuildLocation.current().command("flags-server"))), or leave out --server to use an embedded one"
        case .serverFailed(let reason):
            return "cannot start the embedded server: \(reason)"
        case .cannotCreate(let path, let option, let reason):
            return
                "cannot create \(path) (\(option)): \(reason)\n  → nothing was run: give a path in a directory you can write to"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
