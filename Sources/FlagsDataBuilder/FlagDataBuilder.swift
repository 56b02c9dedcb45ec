import FlagsServer
import FlagsShared

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds the server's document root from two Debian packages: `iso-flags-png-320x240` (the
/// images) and `iso-codes` (the country names).
///
/// For each code it writes `root/flags/{cc}/{cc}.png`, a byte copy of the package's image, and
/// `root/flags/{cc}/metadata.json`, `{"country": "Brazil", "iso_cc": "BR"}`. Files that already
/// hold the right bytes are left alone, so running it twice changes nothing; each file is
/// written to a temporary file and renamed into place, so a reader never sees half a file.
public enum FlagDataBuilder {
    /// Where Debian's `iso-flags-png-320x240` puts its images.
    public static let defaultImagesDirectory = "/usr/share/iso-flags-png-320x240"
    /// Where Debian's `iso-codes` puts the ISO 3166-1 country list.
    public static let defaultISOCodesJSON = "/usr/share/iso-codes/json/iso_3166-1.json"

    /// Writes the flag and metadata of every code in `codes` under `root/flags`.
    ///
    /// Checks every code before writing anything, so a bad code leaves the data as it was.
    ///
    /// - Parameters:
    ///   - codes: Country codes in either case (`"BR"`).
    ///   - imagesDir: The directory of `{cc}.png` images.
    ///   - isoCodesJSON: The `iso_3166-1.json` file of `iso-codes`.
    ///   - root: The flags-data directory; it and `flags/` are created if missing.
    /// - Returns: How many flags were written and how many were already up to date.
    /// - Throws: ``FlagServerError`` if a package is missing (saying how to install it), a code
    ///   has no image or name, or a file cannot be written.
    public static func build(
        codes: [String],
        imagesDir: String = defaultImagesDirectory,
        isoCodesJSON: String = defaultISOCodesJSON,
        root: String
    ) throws -> FlagDataBuildReport {
        let fileManager = FileManager.default
        guard (try? fileManager.contentsOfDirectory(atPath: imagesDir)) != nil else {
            throw FlagServerError.sourceMissing(imagesDir, package: "iso-flags-png-320x240")
        }
        let names = try countryNames(isoCodesJSON)

        // Gather everything first: a missing image or name must not leave the data half built.
        var flags: [(code: String, image: Data, metadata: Data)] = []
        for code in codes.map({ $0.lowercased() }) {
            guard FlagData.isCode(code) else {
                throw FlagServerError.unknownCountry(code.uppercased(), "a country code is two letters")
            }
            let imagePath = "\(imagesDir)/\(code).png"
            guard let image = fileManager.contents(atPath: imagePath) else {
                throw FlagServerError.unknownCountry(code.uppercased(), "\(imagePath) does not exist")
            }
            guard let name = names[code.uppercased()] else {
                throw FlagServerError.unknownCountry(code.uppercased(), "\(isoCodesJSON) has no such country")
            }
            flags.append((code, image, metadataJSON(name: name, code: code.uppercased())))
        }

        let flagsDirectory = root + "/flags"
        var written = 0
        for flag in flags {
            let directory = "\(flagsDirectory)/\(flag.code)"
            do {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw FlagServerError.fileSystem(directory, "cannot create the directory (\(error))")
            }
            let imageChanged = try write(flag.image, to: "\(directory)/\(flag.code).png")
            let metadataChanged = try write(flag.metadata, to: "\(directory)/metadata.json")
            if imageChanged || metadataChanged {
                written += 1
            }
        }
        return FlagDataBuildReport(
            flagsDirectory: flagsDirectory, written: written, unchanged: flags.count - written)
    }

    /// `{"country": "Brazil", "iso_cc": "BR"}` and a newline, as UTF-8.
    static func metadataJSON(name: String, code: String) -> Data {
        Data("{\"country\": \(name.jsonQuoted), \"iso_cc\": \(code.jsonQuoted)}\n".utf8)
    }

    /// Writes `contents` to `path` unless it already holds exactly those bytes.
    ///
    /// - Returns: Whether the file was written.
    private static func write(_ contents: Data, to path: String) throws -> Bool {
        if FileManager.default.contents(atPath: path) == contents {
            return false
        }
        do {
            // `.atomic` writes a temporary file in the same directory and renames it over `path`.
            try contents.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FlagServerError.fileSystem(path, "cannot write (\(error))")
        }
        return true
    }
}
