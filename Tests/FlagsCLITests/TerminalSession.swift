import FlagsCore
import FlagsShared
import FlagsTestSupport
import Foundation
import Synchronization

/// A built executable run with its stderr on a pseudo-terminal, as in a user's terminal: the
/// clients draw their progress line only when stderr is a TTY. Stdout goes to /dev/null.
///
/// A reader thread collects what the terminal receives; `waitFor` waits for an event in it.
final class TerminalSession: Sendable {
    let pid: pid_t
    private let master: Int32
    private let received = Mutex(Data())
    private let ended = Mutex(false)
    /// Broadcast whenever bytes arrive or the terminal closes.
    private let changed = NSCondition()

    init(_ executable: BuiltExecutable, _ arguments: [String]) throws {
        // posix_openpt, unlockpt and ptsname are hidden from Swift's Glibc module: do what they do
        // on Linux, with the ioctls of <asm-generic/ioctls.h> (the same numbers on x86_64 and
        // arm64): unlock the new terminal, then ask its number.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let tiocsptlck: UInt = 0x4004_5431
        let tiocgptn: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0
        else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, slave, 2)
        // The child gets only these three (see PipedChild: SwiftNIO's sockets are inheritable).
        _ = SpawnActions.closeFrom?(&actions, 3)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        // Only the child keeps the terminal's slave side: once it exits, reads on the master end.
        close(slave)
        guard spawned == 0 else {
            close(master)
            throw POSIXError(.init(rawValue: spawned) ?? .EIO)
        }
        self.pid = pid
        self.master = master
        let thread = Thread { [self] in readUntilClosed() }
        thread.start()
    }

    private func readUntilClosed() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            received.withLock { $0.append(contentsOf: buffer[..<count]) }
            changed.lock()
            changed.broadcast()
            changed.unlock()
        }
        ended.withLock { $0 = true }
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    /// Everything the terminal has received so far.
    var text: String { String(decoding: received.withLock { $0 }, as: UTF8.self) }

    /// Waits until `condition` holds for the text received, or the terminal closed, or the
    /// safety net `timeout` passed (a bound for a broken build, never a measure).
    ///
    /// - Returns: whether `condition` held.
    func waitFor(timeout: Duration, _ condition: (String) -> Bool) -> Bool {
        let limit = Date(timeIntervalSinceNow: timeout.seconds)
        changed.lock()
        defer { changed.unlock() }
        while true {
            if condition(text) { return true }
            if ended.withLock({ $0 }) || !changed.wait(until: limit) { return condition(text) }
        }
    }

    func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for the process to end and returns its exit status (128 + signal if signalled).
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        _ = waitFor(timeout: .seconds(60)) { _ in false }  // the reader sees the terminal close
        close(master)
        return status & 0x7F != 0 ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
    }
}
