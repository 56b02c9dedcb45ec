import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server's document root, read into memory once: for each country code, the bytes of
/// `flags/{cc}/{cc}.png` and `flags/{cc}/metadata.json`.
///
/// Only directories named by two lower-case letters, and only those two file names in them,
/// are read; nothing else under the root is ever loaded, so nothing else can be served.
/// No symbolic link under the root is followed (as nginx's `disable_symlinks on`): a `flags`
/// directory, code directory or file that is a link is skipped and named in ``skipped``, so a
/// link pointing outside flags-data cannot make the server send what lies there.
public struct FlagData: Sendable {
    /// The directory that holds `flags/`.
    public let root: String
    /// The loaded files, by lower-case code.
    let files: [String: [FlagResource: ByteBuffer]]
    /// Paths that were not loaded, each with the reason: symbolic links, special files, files
    /// too large. The server logs them as warnings.
    let skipped: [String]

    /// The largest flag file loaded: the real ones are 5–20 KB.
    static let maxFileBytes = 4 << 20

    /// The lower-case codes that have at least one file, sorted.
    public var codes: [String] { files.keys.sorted() }

    /// How many files were loaded.
    var fileCount: Int { files.values.reduce(0) { $0 + $1.count } }

    /// Reads every flag file under `root/flags`. Blocking: call it off Swift's cooperative pool
    /// (``FlagServer/start(_:logger:)`` runs it on NIO's thread pool).
    ///
    /// - Throws: ``FlagServerError/Code-swift.struct/dataMissing`` if `root/flags` is missing or holds
    ///   no flag, naming the command that builds it.
    public static func load(root: String) throws -> FlagData {
        let flagsDirectory = root + "/flags"
        var skipped: [String] = []
        if isSymbolicLink(flagsDirectory) {
            throw FlagServerError.fileSystem(
                flagsDirectory, "a symbolic link, not followed: make it a directory")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: flagsDirectory) else {
            throw FlagServerError.dataMissing(root: root)
        }
        var files: [String: [FlagResource: ByteBuffer]] = [:]
        for code in names.sorted() where isCode(code) {
            let directory = "\(flagsDirectory)/\(code)"
            if isSymbolicLink(directory) {
                skipped.append("\(directory): a symbolic link, not followed")
                continue
            }
            for resource in FlagResource.allCases {
                let path = "\(directory)/\(resource.fileName(code: code))"
                switch readRegularFile(path) {
                case .contents(let bytes):
                    files[code, default: [:]][resource] = bytes
                case .absent:
                    break
                case .refused(let reason):
                    skipped.append("\(path): \(reason)")
                }
            }
        }
        guard !files.isEmpty else { throw FlagServerError.dataMissing(root: root) }
        return FlagData(root: root, files: files, skipped: skipped)
    }

    /// Whether `name` is a directory name the loader reads: two lower-case ASCII letters.
    package static func isCode(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    /// Whether `path` itself (not what it points to) is a symbolic link.
    private static func isSymbolicLink(_ path: String) -> Bool {
        // attributesOfItem reads the link itself (lstat), not its target.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        return type == .typeSymbolicLink
    }

    private enum FileRead {
        case contents(ByteBuffer)
        case absent
        case refused(String)
    }

    /// Reads `path` if it is a regular file of at most ``maxFileBytes``; a link is never followed
    /// (checked first, and `O_NOFOLLOW` closes the gap between the check and the open).
    private static func readRegularFile(_ path: String) -> FileRead {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let type = attributes[.type] as? FileAttributeType
        else {
            return .absent
        }
        guard type != .typeSymbolicLink else { return .refused("a symbolic link, not followed") }
        guard type == .typeRegular else { return .refused("not a regular file") }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            // ELOOP: the file became a symbolic link since the check.
            return errno == ELOOP ? .refused("a symbolic link, not followed") : .absent
        }
        defer { close(descriptor) }
        let size = (attributes[.size] as? Int) ?? maxFileBytes
        guard (0...maxFileBytes).contains(size) else { return .refused("larger than \(maxFileBytes) bytes") }
        // One byte more than its size tells a file that grew since, up to the limit.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        guard filled <= size else { return .refused("changed while it was read") }
        return .contents(ByteBuffer(bytes: bytes[..<filled]))
    }
}
