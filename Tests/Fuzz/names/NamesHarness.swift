// Fuzz target `names`: the file names `--names` saves flags under, from a server's metadata.json.
//
// Entry points: `FlagFile.countryName(inMetadata:)` on the input bytes as a metadata body, and
// `FlagFile.name(forCountry:)` on the name found there and on the whole input as text.
// Invariants on every name returned (ids for FUZZ_IGNORE):
//   names.slash    no "/" (a name is one path component, never a way into a subdirectory)
//   names.nul      no NUL
//   names.dot      does not start with "." (no hidden file, no "." or "..")
//   names.empty    not empty, and more than the extension
//   names.length   its UTF-8 length plus the longest temporary-file decoration FlagStore adds
//                  while saving (see `temporaryReserve`) fits NAME_MAX, 255 bytes
// A trap anywhere is a failure too.

/// FlagStore writes `.NAME.part-PID-SERIAL` and renames it to NAME: 1 + 6 bytes, a PID of at most
/// 7 digits (Linux caps pid_max at 2^22) and a dash, and a serial counter of at most 19 digits
/// (an Int).
let temporaryReserve = 1 + ".part-".utf8.count + 7 + 1 + 19
let nameMax = 255

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlagFileNames(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    if let country = FlagFile.countryName(inMetadata: bytes) {
        checkName(for: country, source: "metadata")
    }
    checkName(for: fuzzText(bytes), source: "text")
    return 0
}

private func checkName(for country: String, source: String) {
    guard let name = FlagFile.name(forCountry: country) else { return }
    let shown = "\(quoted(name)) for the country \(quoted(country)) (\(source))"
    Invariant.check("names.slash", !name.unicodeScalars.contains("/"), shown)
    Invariant.check("names.nul", !name.unicodeScalars.contains("\0"), shown)
    Invariant.check("names.dot", !name.hasPrefix(".") && name.unicodeScalars.first != ".", shown)
    Invariant.check("names.empty", !name.isEmpty && name != ".png", shown)
    Invariant.check(
        "names.length", name.utf8.count + temporaryReserve <= nameMax,
        "\(name.utf8.count) bytes (+ \(temporaryReserve) while saving > \(nameMax)): \(shown)")
}
