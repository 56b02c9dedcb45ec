import Foundation

/// Where the running executable was built, for hints that name what is actually running: the
/// package's executables are siblings in one build directory, and a `/debug/` directory means a
/// debug build. (Here, not in the bench, because the bench, the clients and `flags-server` all
/// give such hints, and this is the module they share.)
public struct BuildLocation: Sendable {
    /// The directory holding the running executable and its siblings.
    public let directory: String
    /// The path of the running executable.
    public let executable: String

    /// The running executable's location, symbolic links resolved.
    public static func current() -> BuildLocation {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return BuildLocation(executable: executable)
    }

    public init(executable: String) {
        self.executable = executable
        directory = (executable as NSString).deletingLastPathComponent
    }

    /// `true` when SwiftPM built this in debug mode (`.build/…/debug/flags-bench`).
    public var isDebug: Bool {
        executable.split(separator: "/").contains("debug")
    }

    /// How to run the sibling `name` from the current directory, for hints: the build that is
    /// running (`.build/release/flags-server`), not `swift run`, which would build and run a
    /// debug build.
    ///
    /// SwiftPM's `.build/release` is a link to `.build/<triple>/release`: the short form is used
    /// when it leads to the same directory.
    public func command(_ name: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard directory.hasPrefix(current + "/") else { return "\(directory)/\(name)" }
        let relative = String(directory.dropFirst(current.count + 1))
        let parts = relative.split(separator: "/")
        if parts.count == 3, parts[0] == ".build" {
            let short = ".build/\(parts[2])"
            let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: short))
                .map { $0.hasPrefix("/") ? $0 : "\(current)/.build/\($0)" }
            if let resolved,
                (resolved as NSString).standardizingPath == (directory as NSString).standardizingPath
            {
                return "\(short)/\(name)"
            }
        }
        return "\(relative)/\(name)"
    }

    /// The command that builds what is running: `swift build -c release`, or `swift build` for
    /// a debug build.
    public var buildCommand: String {
        isDebug ? "swift build" : "swift build -c release"
    }
}
