import Foundation
import Synchronization

/// The output directory: saves each file atomically, so a flag file is either complete or absent.
///
/// A file is written under a hidden temporary name in the same directory and renamed into place
/// once every byte is written. Temporary files in progress are registered, so an abrupt exit can
/// remove them (`removeTemporaryFiles()`), and ones left by a killed run are removed by `prepare()`.
public struct FlagStore: Sendable {
    public let directory: String

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
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError("cannot create output directory '\(directory)': \(Self.reason(error))")
            }
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

    private static let temporaryMarker = ".part-"

    private func temporaryPath(for name: String) -> String {
        let serial = temporarySerial.add(1, ordering: .relaxed).newValue
        return path(for: ".\(name)\(Self.temporaryMarker)\(getpid())-\(serial)")
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

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
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
