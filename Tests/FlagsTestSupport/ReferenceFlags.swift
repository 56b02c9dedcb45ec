import Foundation

/// The flags as the repository's `flags-data` holds them: what every download must equal.
public enum ReferenceFlags {
    /// The `flags-data` directory of this checkout.
    public static let root: String = {
        var directory = URL(fileURLWithPath: #filePath)
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("flags-data")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("flags").path) {
                return candidate.path
            }
        }
        return "flags-data"
    }()

    /// The bytes of a flag's PNG (`BR` → flags-data/flags/br/br.png).
    public static func png(_ code: String) -> [UInt8]? {
        let cc = code.lowercased()
        return FileManager.default.contents(atPath: "\(root)/flags/\(cc)/\(cc).png").map { Array($0) }
    }

    public static func metadata(_ code: String) -> [UInt8]? {
        FileManager.default.contents(atPath: "\(root)/flags/\(code.lowercased())/metadata.json").map {
            Array($0)
        }
    }
}
