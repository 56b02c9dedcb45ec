import Foundation

/// A file the bench was asked to write (`--json-file`, `--csv-file`, `--chart`), opened before
/// the first run, so that a bad path fails in a second instead of after a 20-minute sweep.
///
/// The descriptor opened by the check is the one written at the end: the check cannot pass for
/// one file and the write go to another, and the write needs no permission the check did not
/// prove (no temporary file in the directory, no rename).
struct OutputFile: Sendable {
    /// The path as the user gave it.
    let path: String
    /// The option that named it, for messages.
    let option: String
    private let descriptor: Int32
    /// `true` when the check created the file: it is removed again if the bench never writes it.
    private let created: Bool

    /// Opens (creating if needed, but not yet truncating) `path` for writing.
    ///
    /// - Throws: ``BenchError/cannotCreate(_:option:reason:)`` with the system's reason.
    static func open(_ path: String, option: String) throws -> OutputFile {
        let flags = O_WRONLY | O_CLOEXEC | O_NOCTTY
        // O_EXCL first, so the file is known to be ours when the check made it.
        var descriptor = Glibc.open(path, flags | O_CREAT | O_EXCL, 0o644)
        var created = descriptor >= 0
        if descriptor < 0 && errno == EEXIST {
            descriptor = Glibc.open(path, flags)
            created = false
        }
        guard descriptor >= 0 else {
            throw BenchError.cannotCreate(path, option: option, reason: Self.openFailure(errno, path: path))
        }
        return OutputFile(path: path, option: option, descriptor: descriptor, created: created)
    }

    /// Replaces the file's contents with `text` and closes it.
    ///
    /// - Throws: ``BenchError/cannotWrite(_:reason:)`` with the system's reason.
    func write(_ text: String) throws {
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
            guard ftruncate(descriptor, 0) == 0 else {
                throw BenchError.cannotWrite(path, reason: Self.reason(errno))
            }
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw BenchError.cannotWrite(path, reason: Self.reason(count < 0 ? errno : EIO))
            }
            written += count
        }
    }

    /// Closes the file without writing it, and removes it when the check created it (an empty
    /// file left behind would look like a result).
    func discard() {
        close(descriptor)
        if created { unlink(path) }
    }

    /// Why `path` cannot be opened, in words: `ENOENT` alone ("No such file or directory") does
    /// not say that it is the directory that is missing, or one (such as /proc) that takes no
    /// new files.
    static func openFailure(_ code: Int32, path: String) -> String {
        guard code == ENOENT else { return reason(code) }
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            return "the directory \(directory) does not exist"
        }
        guard isDirectory.boolValue else { return "\(directory) is not a directory" }
        return "\(directory) does not take new files (\(reason(code)))"
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
