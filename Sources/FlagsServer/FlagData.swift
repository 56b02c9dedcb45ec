import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The server's document root, read into memory once: for each country code, the bytes of
/// `flags/{cc}/{cc}.png` and `flags/{cc}/metadata.json`.
///
/// Only directories named by two lower-case letters, and only those two file names in them,
/// are read; nothing else under the root is ever loaded, so nothing else can be served.
public struct FlagData: Sendable {
    /// The directory that holds `flags/`.
    public let root: String
    /// The loaded files, by lower-case code.
    let files: [String: [FlagResource: ByteBuffer]]

    /// The lower-case codes that have at least one file, sorted.
    public var codes: [String] { files.keys.sorted() }

    /// How many files were loaded.
    public var fileCount: Int { files.values.reduce(0) { $0 + $1.count } }

    /// Reads every flag file under `root/flags`.
    ///
    /// - Throws: ``FlagServerError/Code-swift.struct/dataMissing`` if `root/flags` is missing or holds
    ///   no flag, naming the command that builds it.
    public static func load(root: String) throws -> FlagData {
        let flagsDirectory = root + "/flags"
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: flagsDirectory) else {
            throw FlagServerError.dataMissing(root: root)
        }
        var files: [String: [FlagResource: ByteBuffer]] = [:]
        for code in names where isCode(code) {
            for resource in FlagResource.allCases {
                let path = "\(flagsDirectory)/\(code)/\(resource.fileName(code: code))"
                if let contents = fileManager.contents(atPath: path) {
                    files[code, default: [:]][resource] = ByteBuffer(bytes: contents)
                }
            }
        }
        guard !files.isEmpty else { throw FlagServerError.dataMissing(root: root) }
        return FlagData(root: root, files: files)
    }

    /// Whether `name` is a directory name the loader reads: two lower-case ASCII letters.
    static func isCode(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }
}
