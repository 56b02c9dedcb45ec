#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FlagData {
    /// The flags-data directory to serve when none is given, or `nil` if there is none.
    ///
    /// Looks, in order, at `$FLAGS_DATA`, `./flags-data`, then `flags-data` in every ancestor of
    /// the running executable (so `.build/debug/flags-seq` finds the repository's data from any
    /// working directory), then in every ancestor of this source file. The first directory whose
    /// `flags/` holds at least one flag wins.
    static func defaultRoot() -> String? {
        searchLocations().first(where: containsData)
    }

    /// The candidate roots ``defaultRoot()`` tries, in order.
    static func searchLocations(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = runningExecutablePath(),
        sourceFilePath: String = #filePath
    ) -> [String] {
        var locations: [String] = []
        if let explicit = environment["FLAGS_DATA"], !explicit.isEmpty {
            locations.append(explicit)
        }
        locations.append(currentDirectory + "/flags-data")
        for path in [executablePath, sourceFilePath].compactMap(\.self) {
            locations += ancestors(of: path).map { $0 == "/" ? "/flags-data" : $0 + "/flags-data" }
        }
        return locations
    }

    /// A short account of where ``defaultRoot()`` looked, for error messages.
    static func searchSummary() -> [String] {
        var summary = ["$FLAGS_DATA", "./flags-data"]
        if let executable = runningExecutablePath() {
            summary.append("the parents of \(executable)")
        }
        summary.append("the parents of the FlagsServer sources")
        return summary
    }

    /// Whether `root/flags` has at least one code directory in it.
    static func containsData(_ root: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/flags")) ?? []
        return names.contains(where: isCode)
    }

    /// The directories above `path`, nearest first, ending with `/`.
    static func ancestors(of path: String) -> [String] {
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var result: [String] = []
        while !components.isEmpty {
            components.removeLast()
            result.append("/" + components.joined(separator: "/"))
        }
        return result
    }

    /// The absolute path of the running executable, symbolic links resolved, if it can be known.
    static func runningExecutablePath() -> String? {
        #if os(Linux)
            return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
            guard let first = ProcessInfo.processInfo.arguments.first, first.hasPrefix("/") else {
                return nil
            }
            return first
        #endif
    }
}
