import FlagsServer
import Foundation

extension BuildLocation {
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
