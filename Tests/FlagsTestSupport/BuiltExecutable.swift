import FlagsShared
public import Foundation
import Synchronization

/// Runs one of the package's built executables (or a system command), as a user would, and
/// collects what it printed.
///
/// Spawns with ``PipedChild`` (`posix_spawn`) and reads the pipes with plain `read`, because
/// Foundation's `Process` and `FileHandle` crash when many tests start processes at once on Linux.
public struct BuiltExecutable: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The signal that ended the process, if a signal did.
        public var signal: Int32?
    }

    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The package's executables sit next to the test bundle, in the same build directory; other
    /// names are looked up in /usr/bin and /bin. An absolute path is used as it is.
    public var path: String {
        if name.hasPrefix("/") { return name }
        if !name.hasPrefix("flags-") {
            for directory in ["/usr/bin", "/bin"]
            where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent(name).path
    }

    /// Starts the executable with `NO_COLOR=1` added to the environment; `wait()` collects it.
    public func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try Running(path: path, arguments: arguments, environment: env)
    }

    /// Runs the executable to the end.
    public func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try start(arguments, environment: environment).wait()
    }

    /// A started process.
    public final class Running: Sendable {
        public let pid: pid_t
        private let output = OutputBuffers()
        private let readers = DispatchGroup()

        init(path: String, arguments: [String], environment: [String: String]) throws {
            let child: PipedChild
            do throws(SpawnError) {
                child = try PipedChild.spawn(path, arguments, environment: environment)
            } catch {
                throw POSIXError(.init(rawValue: error.code) ?? .EIO)
            }
            let (pid, descriptors) = (child.pid, [child.stdout, child.stderr])
            self.pid = pid
            for (index, fd) in descriptors.enumerated() {
                readers.enter()
                let thread = Thread { [output, readers] in
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    while true {
                        let count = read(fd, &buffer, buffer.count)
                        if count < 0 && errno == EINTR { continue }
                        if count <= 0 { break }
                        output.append(buffer[..<count], to: index)
                    }
                    close(fd)
                    readers.leave()
                }
                thread.start()
            }
        }

        /// What the process printed on stdout so far.
        public var stdoutSoFar: String { String(decoding: output.read(0), as: UTF8.self) }
        public var stderrSoFar: String { String(decoding: output.read(1), as: UTF8.self) }

        public func signal(_ number: Int32) {
            kill(pid, number)
        }

        /// Waits for the process to end and for its output to be read.
        public func wait() -> Output {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            readers.wait()
            let (out, err) = (output.read(0), output.read(1))
            let (exit, signal) = PipedChild.exitStatus(status)
            return Output(
                status: exit,
                stdout: String(decoding: out, as: UTF8.self),
                stderr: String(decoding: err, as: UTF8.self),
                signal: signal
            )
        }
    }
}

/// What a process wrote on stdout (0) and stderr (1), appended by the reader threads.
private final class OutputBuffers: Sendable {
    private let data = Mutex([Data(), Data()])

    func append(_ bytes: ArraySlice<UInt8>, to index: Int) {
        data.withLock { $0[index].append(contentsOf: bytes) }
    }

    func read(_ index: Int) -> Data {
        data.withLock { $0[index] }
    }
}
