/// One way of downloading the flags that the bench can run.
enum BenchStrategy: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    /// `flags-seq`: one flag after another.
    case sequential
    /// `flags-pool`: a pool of threads, each blocking on its own transfer.
    case pool
    /// `flags-async`: async/await over libcurl's multi interface.
    case async
    /// `curl --parallel`: libcurl's own command-line tool, the reference.
    case curl

    /// The name in tables, CSV and JSON.
    var description: String { rawValue }

    /// The executable that runs it: a sibling of `flags-bench`, or `curl` from the `PATH`.
    var executable: String {
        switch self {
        case .sequential: "flags-seq"
        case .pool: "flags-pool"
        case .async: "flags-async"
        case .curl: "curl"
        }
    }

    /// `true` for the three clients of this package (which print `--json`).
    var isClient: Bool { self != .curl }

    /// Parses a name as `--strategies` takes it: `seq`/`sequential`, `pool`, `async`, `curl`, or
    /// the executable's name (`flags-pool`).
    init?(name: String) {
        let lower = name.lowercased()
        if lower == "seq" {
            self = .sequential
            return
        }
        guard let match = Self.allCases.first(where: { $0.rawValue == lower || $0.executable == lower })
        else {
            return nil
        }
        self = match
    }

    /// The order rows appear in: sequential first, since every speedup is relative to it.
    static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
