import Foundation

/// Where the running `flags-bench` was built: the clients are its siblings, and a `/debug/`
/// directory means a debug build.
struct BuildLocation: Sendable {
    /// The directory holding `flags-bench` and the clients.
    let directory: String
    /// The path of the running executable.
    let executable: String

    /// The running executable's location, symbolic links resolved.
    static func current() -> BuildLocation {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return BuildLocation(executable: executable)
    }

    init(executable: String) {
        self.executable = executable
        directory = (executable as NSString).deletingLastPathComponent
    }

    /// `true` when SwiftPM built this in debug mode (`.build/…/debug/flags-bench`).
    var isDebug: Bool {
        executable.split(separator: "/").contains("debug")
    }

    /// The path of a sibling executable.
    ///
    /// - Throws: ``BenchError/missingExecutable(_:directory:)`` when it has not been built.
    func sibling(_ name: String) throws -> String {
        let path = "\(directory)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError.missingExecutable(name, directory: directory)
        }
        return path
    }
}
