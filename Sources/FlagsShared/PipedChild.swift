public import Glibc
import Synchronization

/// A program started with `posix_spawn`, stdin from `/dev/null`, stdout and stderr on pipes,
/// and no other descriptor of ours: how the bench runs the clients and the tests run the
/// executables, as a user would.
///
/// Not Foundation's `Process`, which is crash-prone on Linux when many processes start at once.
/// The caller reads both pipes to the end (they may fill while it waits on one), closes them,
/// and reaps the child with `wait4`/`waitpid`; ``exitStatus(_:)`` reads what that returns.
public struct PipedChild: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The read end of the child's stdout.
    public let stdout: Int32
    /// The read end of the child's stderr.
    public let stderr: Int32

    /// Starts `path` with `arguments` (without the program's name) and exactly `environment`.
    ///
    /// - Throws: ``SpawnError`` when the pipes cannot be made or the program cannot start.
    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String])
        throws(SpawnError) -> PipedChild
    {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        // Pipes are made close-on-exec under one lock with the spawn itself, so no child started
        // by another thread can inherit (and hold open) the write end of this one's pipes.
        return try spawnLock.withLock { _ throws(SpawnError) -> PipedChild in
            var outPipe: [Int32] = [-1, -1]
            var errPipe: [Int32] = [-1, -1]
            guard pipe(&outPipe) == 0 else { throw SpawnError(path: path, code: errno) }
            guard pipe(&errPipe) == 0 else {
                let code = errno
                for fd in outPipe { close(fd) }
                throw SpawnError(path: path, code: code)
            }
            for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
            // Nothing else of ours reaches the child: SwiftNIO opens its sockets without
            // close-on-exec, so a child would otherwise hold the listening socket and every
            // connection open at the time, and a server's close would send no FIN until the
            // child exited.
            _ = SpawnActions.closeFrom?(&actions, 3)
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
            close(outPipe[1])
            close(errPipe[1])
            guard spawned == 0 else {
                close(outPipe[0])
                close(errPipe[0])
                throw SpawnError(path: path, code: spawned)
            }
            return PipedChild(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
        }
    }

    /// What a shell reports for a child's wait status: its exit code, or 128 + the signal that
    /// ended it (and that signal).
    public static func exitStatus(_ waitStatus: Int32) -> (status: Int32, signal: Int32?) {
        let signal = waitStatus & 0x7F
        return signal != 0 ? (128 + signal, signal) : ((waitStatus >> 8) & 0xFF, nil)
    }
}

/// Why ``PipedChild/spawn(_:_:environment:)`` failed.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program that could not start.
    public let path: String
    /// The `errno` value (or `posix_spawn`'s result).
    public let code: Int32

    /// `strerror`'s text for ``code``.
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "cannot start \(path): \(reason)" }
}

/// Serialises pipe creation and spawning in this process.
private let spawnLock = Mutex(())

/// File actions of glibc that Swift's Glibc module leaves out (they are declared only under
/// `_GNU_SOURCE`): looked up in the C library at run time.
public enum SpawnActions {
    public typealias CloseFrom =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34 and later; Debian 12 has 2.36):
    /// the child closes every descriptor from the given one up. `nil` on an older C library.
    public static let closeFrom: CloseFrom? = {
        guard let library = dlopen(nil, RTLD_NOW),
            let symbol = dlsym(library, "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}
