import Foundation

/// A fresh directory for one run's downloads, removed after the run.
struct ScratchDirectory: Sendable {
    let path: String

    init() throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("flags-bench-XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw BenchError.cannotWrite(template, reason: String(cString: strerror(errno)))
        }
        path = String(cString: made)
    }

    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
