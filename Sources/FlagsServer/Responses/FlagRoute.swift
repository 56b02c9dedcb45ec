/// A request path that names one of the server's files: `/flags/{cc}/{cc}.png` or
/// `/flags/{cc}/metadata.json`, with `cc` two lower-case ASCII letters.
///
/// Parsing is an exact byte match on the raw path: nothing is decoded, normalised or joined
/// to a file-system path, so `..`, `%2e%2e`, encoded slashes, backslashes, NUL bytes and the
/// like can only fail to match. Any code of two letters parses, known or not, so that unknown
/// codes are delayed and failed like known ones (as Fluent Python's servers do) before their 404.
struct FlagRoute: Sendable, Equatable {
    /// The lower-case code, as two ASCII bytes.
    let first: UInt8
    let second: UInt8
    /// The file requested.
    let resource: FlagResource

    /// The number of possible codes, `aa` to `zz`.
    static let codeCount = 26 * 26

    /// The route `path` names, or `nil` if it names nothing the server could ever serve.
    init?(path: Substring.UTF8View) {
        // "/flags/" + cc + "/" + file
        guard path.count == 16 || path.count == 23, path.starts(with: Self.prefix) else { return nil }
        var index = path.index(path.startIndex, offsetBy: Self.prefix.count)
        let first = path[index]
        path.formIndex(after: &index)
        let second = path[index]
        path.formIndex(after: &index)
        guard Self.isLowercaseLetter(first), Self.isLowercaseLetter(second), path[index] == UInt8(ascii: "/")
        else { return nil }
        path.formIndex(after: &index)
        let file = path[index...]
        if file.first == first, file.dropFirst().first == second,
            file.dropFirst(2).elementsEqual(Self.pngSuffix)
        {
            resource = .image
        } else if file.elementsEqual(Self.metadataName) {
            resource = .metadata
        } else {
            return nil
        }
        self.first = first
        self.second = second
    }

    /// The route for `path`, or `nil`; see ``init(path:)-(Substring.UTF8View)``.
    init?(path: String) {
        self.init(path: path[...].utf8)
    }

    /// The lower-case code: `"br"`.
    var code: String { String(decoding: [first, second], as: UTF8.self) }

    /// The lower-case code at `index` of per-code tables (see ``codeIndex``): 0 → `"aa"`.
    static func code(at index: Int) -> String {
        String(decoding: [a + UInt8(index / 26), a + UInt8(index % 26)], as: UTF8.self)
    }

    /// `0..<676`: where this code sits in per-code tables.
    var codeIndex: Int { Int(first - Self.a) * 26 + Int(second - Self.a) }

    /// The code as ``RequestPlanner`` keys it.
    var codeKey: UInt64 { UInt64(first) << 8 | UInt64(second) }

    private static let prefix = Array("/flags/".utf8)
    private static let pngSuffix = Array(".png".utf8)
    private static let metadataName = Array("metadata.json".utf8)
    private static let a = UInt8(ascii: "a")

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
