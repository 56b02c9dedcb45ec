import FlagsShared
import Foundation

/// Runs one program to the end, as a user would, and measures it: wall-clock time, CPU time
/// and peak memory.
///
/// Spawns with ``PipedChild`` (`posix_spawn`; Foundation's `Process` is crash-prone under
/// concurrency on Linux) and reaps with `wait4`, whose `rusage` gives the child's user + system
/// CPU time. Call it from a thread that may block (never from Swift's cooperative pool).
///
/// Peak memory does not come from `rusage`: glibc's `posix_spawn` runs the child on the
/// parent's memory until `exec`, and Linux carries that memory's high-water mark into the
/// child's `ru_maxrss`, so every child would report at least the bench's own size. Instead the
/// child's `VmHWM` (the high-water mark of its own memory after `exec`) is read from
/// `/proc/PID/status` every few milliseconds while it runs.
enum ChildProcess {
    /// Runs `path` with `arguments` and the bench's environment plus `NO_COLOR=1`, stdin from
    /// `/dev/null`, and collects what it printed.
    ///
    /// `stop`, when given, knows the child while it runs (a Ctrl-C ends it).
    ///
    /// - Throws: ``BenchError`` when the program cannot be started.
    static func run(_ path: String, _ arguments: [String], stop: BenchStop? = nil) throws -> ChildResult {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let started = ContinuousClock.now
        let child: PipedChild
        do throws(SpawnError) {
            child = try PipedChild.spawn(path, arguments, environment: environment)
        } catch {
            throw BenchError.cannotStart(path, reason: error.reason)
        }
        let pid = child.pid
        stop?.childStarted(pid)
        let (stdout, stderr, peak) = drain(child.stdout, child.stderr, sampling: pid)

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        stop?.childEnded()
        let wall = started.duration(to: .now)

        return ChildResult(
            status: PipedChild.exitStatus(status).status,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self),
            wallSeconds: Format.seconds(wall),
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakRSSKilobytes: peak
        )
    }

    /// Reads both pipes until both are closed, with `poll`, so a child that fills one pipe while
    /// we wait on the other can never deadlock; between reads, samples the child's peak memory.
    /// Closes both descriptors.
    ///
    /// - Returns: stdout, stderr, and the last peak resident size seen, in kilobytes.
    private static func drain(_ out: Int32, _ err: Int32, sampling pid: pid_t) -> ([UInt8], [UInt8], Int) {
        var collected: [[UInt8]] = [[], []]
        var peak = 0
        var fds = [
            pollfd(fd: out, events: Int16(POLLIN), revents: 0),
            pollfd(fd: err, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            let ready = poll(&fds, nfds_t(fds.count), 5)
            peak = Swift.max(peak, peakResidentKilobytes(pid) ?? 0)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[..<count])
                } else {
                    close(fds[index].fd)
                    fds[index].fd = -1  // poll ignores negative descriptors
                }
            }
        }
        for entry in fds where entry.fd >= 0 { close(entry.fd) }
        return (collected[0], collected[1], peak)
    }

    /// `VmHWM` from `/proc/PID/status`: the most memory the process has had resident since its
    /// `exec`. `nil` once the process has released its memory (exiting) or before it execs.
    private static func peakResidentKilobytes(_ pid: pid_t) -> Int? {
        let fd = open("/proc/\(pid)/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else {
            return nil
        }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }

    /// The absolute path of `name` on the `PATH`, or `nil` when it is not installed.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// What one run of a program printed and what it cost, as ``ChildProcess`` measured it.
struct ChildResult: Sendable {
    /// The exit status, or 128 + the signal that ended the process.
    var status: Int32
    var stdout: String
    var stderr: String
    /// From just before `posix_spawn` to just after `wait4`: the process's whole life.
    var wallSeconds: Double
    /// User + system CPU time of the process (all its threads).
    var cpuSeconds: Double
    /// The most memory the process had resident at once (sampled `VmHWM`; see ``ChildProcess``).
    var peakRSSKilobytes: Int
}
