import FlagsShared
import Foundation
import Testing

/// The spawner the bench runs its clients with (and the tests their executables).
@Suite struct PipedChildTests {
    /// A socket opened without close-on-exec — as SwiftNIO opens every listening and accepted
    /// socket on Linux — must not reach the child: a child holding a server's connection keeps it
    /// open after the server closes it (no FIN until the child exits), and one holding the
    /// listening socket keeps the port bound after the server stops.
    @Test func aChildGetsOnlyItsThreeStandardDescriptors() throws {
        let inheritable = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(inheritable >= 0)
        defer { close(inheritable) }
        #expect(fcntl(inheritable, F_GETFD) & FD_CLOEXEC == 0)

        let child = try PipedChild.spawn("/bin/sleep", ["600"], environment: [:])
        defer {
            kill(child.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(child.pid, &status, 0)
            close(child.stdout)
            close(child.stderr)
        }
        // posix_spawn returns once the child has run its file actions and exec'd.
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd")
        #expect(descriptors.sorted() == ["0", "1", "2"])
    }
}
