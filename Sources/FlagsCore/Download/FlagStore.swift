import Foundation
import Synchronization

/// The output directory: saves each file atomically, so a flag file is either complete or absent.
///
/// A file is written under a hidden temporary name in the same directory and renamed into place
/// once every byte is written. Temporary files in progress are registered, so an abrupt exit can
/// remove them (`removeTemporaryFiles()`), and ones left by a killed run are removed by `prepare()`.
public struct FlagStore: Sendable {
    public let directory: String
    private let claims = NameClaims()

    public init(directory: String) {
        self.directory = directory
    }

    /// Creates the directory if needed and checks that files can be written there, before any
    /// request is made. Removes temporary files left by runs that no longer exist.
    ///
    /// - Throws: `StoreError` saying what is wrong with the directory.
    public func prepare() throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError("output path '\(directory)' exists and is not a directory")
            }
        } else {
            try createDirectories()
        }
        let probe = temporaryPath(for: "write-check")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError(
                "cannot write to output directory '\(directory)': \(String(cString: strerror(errno)))")
        }
        close(fd)
        unlink(probe)
        removeStaleTemporaryFiles()
    }

    /// Writes `bytes` to `name` in the directory, atomically.
    ///
    /// - Throws: `StoreError` when the file cannot be written; nothing is left behind then.
    public func save(_ bytes: [UInt8], as name: String) throws(StoreError) {
        guard Self.isPlainFileName(name) else {
            throw StoreError("refusing to save under '\(name)': not a plain file name of at most 255 bytes")
        }
        let final = path(for: name)
        let temporary = temporaryPath(for: name)
        liveTemporaryFiles.withLock { _ = $0.insert(temporary) }
        defer { liveTemporaryFiles.withLock { _ = $0.remove(temporary) } }

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, final) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw StoreError("cannot write \(final): \(String(cString: strerror(failure)))")
        }
    }

    /// The path a file named `name` is saved at.
    public func path(for name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Removes the temporary files of saves still in progress in this process. For abrupt exits
    /// (a second Ctrl-C); a normal run leaves none.
    public static func removeTemporaryFiles() {
        for path in liveTemporaryFiles.withLock({ $0 }) { unlink(path) }
    }

    /// Claims `name` for one code of this run (stores copied from this one share the claims).
    ///
    /// - Returns: `false` when another code already claimed it: saving would silently replace
    ///   that code's flag.
    func claim(_ name: String) -> Bool {
        claims.names.withLock { $0.insert(name).inserted }
    }

    private static let temporaryMarker = ".part-"
    /// The part of the final name kept in the temporary one: with the dot, the marker, a pid and a
    /// serial number, the temporary name stays under 255 bytes whatever the final name's length.
    private static let temporaryNameBytes = 160

    private func temporaryPath(for name: String) -> String {
        let serial = temporarySerial.add(1, ordering: .relaxed).newValue
        var kept = Substring.UnicodeScalarView()
        var bytes = 0
        for scalar in name.unicodeScalars {
            bytes += scalar.utf8.count
            if bytes > Self.temporaryNameBytes { break }
            kept.append(scalar)
        }
        return path(for: ".\(String(kept))\(Self.temporaryMarker)\(getpid())-\(serial)")
    }

    /// A single path component that names a file: not empty, not `.` or `..`, no `/` or NUL, at
    /// most 255 bytes (NAME_MAX on Linux file systems).
    static func isPlainFileName(_ name: String) -> Bool {
        let bytes = name.utf8
        return !bytes.isEmpty && bytes.count <= 255 && name != "." && name != ".."
            && !bytes.contains(UInt8(ascii: "/")) && !bytes.contains(0)
    }

    /// `mkdir -p` with a reason a user can act on when it fails: which directory could not be
    /// made, and why.
    private func createDirectories() throws(StoreError) {
        var missing: [String] = []
        var current = directory
        while !current.isEmpty && !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current { break }
            current = parent
        }
        for path in missing.reversed() {
            guard mkdir(path, 0o755) != 0 else { continue }
            let failure = errno
            if failure == EEXIST { continue }
            var why = "cannot make directory '\(path)': \(String(cString: strerror(failure)))"
            let parent = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if failure == ENOENT, FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                why +=
                    " ('\(parent)' exists but takes no new directories: a special file system such as /proc?)"
            }
            throw StoreError("cannot create output directory '\(directory)': \(why)")
        }
    }

    /// Removes `.NAME.part-PID-N` files whose process is gone (a run killed mid-write).
    private func removeStaleTemporaryFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: Self.temporaryMarker, options: .backwards) else { continue }
            let owner = name[marker.upperBound...].split(separator: "-").first.flatMap { pid_t($0) }
            guard let owner, owner != getpid(), kill(owner, 0) != 0, errno == ESRCH else { continue }
            unlink(path(for: name))
        }
    }

}

/// The names claimed in one run, shared by every copy of its store.
private final class NameClaims: Sendable {
    let names = Mutex<Set<String>>([])
}

/// Temporary files being written right now, by any store in this process.
private let liveTemporaryFiles = Mutex<Set<String>>([])
private let temporarySerial = Atomic<Int>(0)

/// The output directory or a file in it could not be written.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
