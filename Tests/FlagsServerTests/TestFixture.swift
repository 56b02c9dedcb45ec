import FlagsCore
import FlagsDataBuilder
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation

/// A flags-data directory built from the Debian packages into a temporary directory, with
/// secret files planted around it that the server must never serve:
///
///     base/secret.txt
///     base/flags-data/secret.txt
///     base/flags-data/flags/secret.txt
///     base/flags-data/flags/br/secret.txt, secret.png
///     base/flags-data/flags/xyz/xyz.png        (not a code: three letters)
///     base/flags-data/flags/q1/q1.png          (not a code: a digit)
///     base/flags-data/flags/br/br.png …        (the 194 real flags)
struct TestFixture: Sendable {
    /// The directory holding the secrets and `flags-data/`.
    let base: String
    /// The flags-data directory.
    let root: String

    /// What every planted secret file contains.
    static let secret = Array("SENTINEL-c0ffee-this-secret-must-never-be-served".utf8)

    /// Built once per test process, then shared read-only by every test. The builder is
    /// idempotent, so reusing the directory across runs is safe and leaves no litter behind.
    static let shared: TestFixture = {
        let base = FileManager.default.temporaryDirectory.path + "/flags-server-tests-\(getuid())"
        let root = base + "/flags-data"
        do {
            _ = try FlagDataBuilder.build(codes: CountryCodes.all, root: root)
            for path in [
                "secret.txt", "flags-data/secret.txt", "flags-data/flags/secret.txt",
                "flags-data/flags/br/secret.txt", "flags-data/flags/br/secret.png",
                "flags-data/flags/xyz/xyz.png", "flags-data/flags/q1/q1.png",
            ] {
                let url = URL(fileURLWithPath: base + "/" + path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(secret).write(to: url, options: .atomic)
            }
        } catch {
            fatalError("cannot build the test flag data in \(base): \(error)")
        }
        return TestFixture(base: base, root: root)
    }()

    /// The bytes of a served file, read from disk: `flags-data/flags/{cc}/{file}`.
    func file(_ code: String, _ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: "\(root)/flags/\(code)/\(name)") ?? Data())
    }

    /// Every body the server may legitimately send with a 200: the real flags and metadata.
    static let servableBodies: Set<[UInt8]> = {
        var bodies: Set<[UInt8]> = []
        for code in CountryCodes.all.map({ $0.lowercased() }) {
            bodies.insert(shared.file(code, "\(code).png"))
            bodies.insert(shared.file(code, "metadata.json"))
        }
        return bodies
    }()
}

/// ``withFlagServer(_:_:)`` on the shared planted-secrets fixture (unless `configuration` names
/// another root): runs `body`, and always shuts the server down, whether `body` returns or throws.
func withFixtureServer<Result>(
    _ configuration: FlagServerConfiguration = FlagServerConfiguration(),
    _ body: (FlagServer) async throws -> Result
) async throws -> Result {
    var configuration = configuration
    configuration.root = configuration.root ?? TestFixture.shared.root
    return try await withFlagServer(configuration, body)
}
