// Imports nothing on purpose: a fuzz target compiles this file on its own.

/// Turns text from a server (a country's name) into a safe file name stem.
///
/// Works on Unicode scalars, not on characters: a grapheme cluster can hide a `/` behind a letter
/// (`"\u{0D4E}/pwned"` is one `Character` whose first scalar is a letter). The result contains only
/// letters, combining marks, digits, `-` and `_`; it never is empty, never starts with `.`, `-`,
/// `_` or a mark, and never holds `/` or NUL. Its UTF-8 length is at most `maxBytes`.
enum FileNameSanitizer {
    /// The longest stem, in UTF-8 bytes: with `.png`, and as the hidden temporary name
    /// `.NAME.part-PID-SERIAL` used while saving, the name stays well under the 255 bytes a
    /// file name may have on Linux file systems.
    static let maxStemBytes = 200

    /// `Côte d'Ivoire` → `Côte_d_Ivoire`: letters, marks and digits kept, runs of anything else
    /// become one `_`, cut to `maxBytes` at a scalar boundary.
    ///
    /// - Returns: `nil` when nothing usable is left.
    static func stem(_ text: String, maxBytes: Int = maxStemBytes) -> String? {
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        var pendingSeparator = false
        for scalar in text.unicodeScalars {
            guard let kept = keep(scalar, atStart: scalars.isEmpty) else {
                pendingSeparator = !scalars.isEmpty
                continue
            }
            let separator: Unicode.Scalar? = pendingSeparator ? "_" : nil
            let needed = (separator == nil ? 0 : 1) + kept.utf8.count
            if bytes + needed > maxBytes { break }
            if let separator { scalars.append(separator) }
            scalars.append(kept)
            bytes += needed
            pendingSeparator = false
        }
        return scalars.isEmpty ? nil : String(scalars)
    }

    /// The scalar to keep for `scalar`, or `nil` for one that only separates words.
    private static func keep(_ scalar: Unicode.Scalar, atStart: Bool) -> Unicode.Scalar? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return scalar
        case .nonspacingMark, .spacingMark, .enclosingMark:
            // A mark belongs to the letter before it; alone at the start it would be invisible.
            return atStart ? nil : scalar
        case .dashPunctuation where scalar == "-":
            // A leading `-` makes the file look like an option to every shell command.
            return atStart ? nil : scalar
        default:
            return nil
        }
    }
}
