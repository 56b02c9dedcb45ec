/// The bench's `--json` and `--csv` used to take a file; now, as in the clients, they are
/// switches that print on stdout, and files are written with `--json-file` and `--csv-file`.
/// The old spelling must fail loudly, naming the new one, and never leave a stray file.
enum OutputSpelling {
    /// A usage message when the codes hold what looks like a file meant for `--json` or `--csv`
    /// (`--json bench.json` now reads `bench.json` as a code), or `nil`.
    ///
    /// A two-letter word stays a code: `flags-bench --json BR` benches BR, as `flags-seq --json
    /// BR` downloads it.
    static func problem(codes: [String], json: Bool, csv: Bool) -> String? {
        guard json || csv, let file = codes.first(where: looksLikeFile) else { return nil }
        let option = json ? "--json" : "--csv"
        if file == "-" {
            return
                "\(option) takes no file now: alone, it prints on stdout instead of the table (leave out the -)"
        }
        return "\(option) takes no file now: it prints on stdout instead of the table; "
            + "to save the results in \(file), use \(option)-file \(file)"
    }

    /// A usage message for `--json=FILE` or `--csv=FILE` among the raw arguments, or `nil`.
    static func problem(arguments: [String]) -> String? {
        for argument in arguments.prefix(while: { $0 != "--" }) {
            for option in ["--json", "--csv"] where argument.hasPrefix(option + "=") {
                let file = argument.dropFirst(option.count + 1)
                return "\(option) takes no file now: it prints on stdout instead of the table; "
                    + "to save the results in \(file), use \(option)-file \(file)"
            }
        }
        return nil
    }

    /// Not a country code nor a letter: a dot, a slash, a dash, or more than two characters.
    private static func looksLikeFile(_ word: String) -> Bool {
        word.count > 2 || word.contains { "./-_~".contains($0) }
    }
}
