/// Why a bench could not run, in words a user can act on.
public struct BenchError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case debugBuild(path: String)
        case missingExecutable(name: String, directory: String)
        case cannotStart(path: String, reason: String)
        case clientFailed(command: String, status: Int32, detail: String)
        case codeCountMismatch(command: String, requested: Int, expected: Int)
        case serverUnreachable(url: String, reason: String)
        case serverFailed(reason: String)
        case cannotWrite(path: String, reason: String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The bench itself is a debug build, so the clients next to it are too.
    public static func debugBuild(_ path: String) -> Self { Self(.debugBuild(path: path)) }

    /// A client is not next to `flags-bench`.
    public static func missingExecutable(_ name: String, directory: String) -> Self {
        Self(.missingExecutable(name: name, directory: directory))
    }

    /// `posix_spawn` failed.
    public static func cannotStart(_ path: String, reason: String) -> Self {
        Self(.cannotStart(path: path, reason: reason))
    }

    /// A client exited without a report (`detail`: what it said on stderr, or what was wrong).
    public static func clientFailed(_ command: String, status: Int32, detail: String) -> Self {
        Self(.clientFailed(command: command, status: status, detail: detail))
    }

    /// A client asked for a different number of codes than the bench expanded.
    public static func codeCountMismatch(_ command: String, requested: Int, expected: Int) -> Self {
        Self(.codeCountMismatch(command: command, requested: requested, expected: expected))
    }

    /// Nothing answers at the server's address.
    public static func serverUnreachable(_ url: String, reason: String) -> Self {
        Self(.serverUnreachable(url: url, reason: reason))
    }

    /// The embedded server could not start.
    public static func serverFailed(_ reason: String) -> Self { Self(.serverFailed(reason: reason)) }

    /// An output file (`--json`, `--csv`, `--chart`) could not be written.
    public static func cannotWrite(_ path: String, reason: String) -> Self {
        Self(.cannotWrite(path: path, reason: reason))
    }

    /// The message, and on further lines what to do about it.
    public var description: String {
        switch code {
        case .debugBuild(let path):
            return """
                \(path) is a debug build: its timings (and those of the clients next to it) say \
                little about concurrency.
                  → build and run release builds: swift build -c release && swift run -c release flags-bench
                  → or pass --allow-debug to measure anyway (every row is then marked as a debug build)
                """
        case .missingExecutable(let name, let directory):
            return
                "\(name) is not in \(directory), next to flags-bench\n  → build every product first: swift build -c release"
        case .cannotStart(let path, let reason):
            return "cannot start \(path): \(reason)"
        case .clientFailed(let command, let status, let detail):
            return "\(command) failed (exit status \(status)): \(detail)"
        case .codeCountMismatch(let command, let requested, let expected):
            return
                "\(command) requested \(requested) codes, but the bench expanded \(expected): the code lists differ"
        case .serverUnreachable(let url, let reason):
            return
                "cannot reach the server at \(url): \(reason)\n  → start it in another terminal (swift run -c release flags-server), or leave out --server to use an embedded one"
        case .serverFailed(let reason):
            return "cannot start the embedded server: \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
