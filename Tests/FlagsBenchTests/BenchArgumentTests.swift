import ArgumentParser
import FlagsServer
import FlagsShared
import Testing

@testable import FlagsBench

@Suite struct BenchArgumentTests {
    @Test(arguments: [
        (["--concurrency", "0,5"], "--concurrency: 0 is out of range"),
        (["--concurrency", "5,1001"], "--concurrency: 1001 is out of range"),
        (["--concurrency", "1,,2"], "is not a comma-separated list"),
        (["--concurrency", "ten"], "'ten' is not a whole number"),
        (["--strategies", "seq,threads"], "unknown strategy 'threads'"),
        (["--strategies", ""], "is not a comma-separated list"),
        (["--delay=-0.5"], "--delay: -0.5 is out of range"),
        (["--delay", "0.5,soon"], "'soon' is not a number of seconds"),
        (["--delay", "0.5,0.1", "-s", "DELAY"], "give one value"),
        (["-s", "NOWHERE"], "unknown server 'NOWHERE'"),
        (["--repetitions", "0"], "--repetitions must be at least 1"),
        (["--warmup=-1"], "--warmup must be 0 or more"),
        (["--cpu-work=-3"], "--cpu-work must be 0 or more"),
        (["--timeout", "0"], "--timeout must be a positive number"),
        (["--json", "--csv"], "--json and --csv both print on stdout"),
        (["--json", "bench.json"], "to save the results in bench.json, use --json-file bench.json"),
        (["--csv", "out/bench.csv"], "use --csv-file out/bench.csv"),
        (["--json", "-"], "--json takes no file now"),
        (["--json-file", "-"], "to print on stdout, use --json"),
        (["--csv-file", "-"], "to print on stdout, use --csv"),
        (["--chart", ""], "--chart needs a file name"),
        (["--json-file", "b.json", "--chart", "b.json"], "--json-file and --chart both name b.json"),
        (["-s", "127.0.0.1:8001/flags"], "did you mean http://127.0.0.1:8001/flags?"),
        (["--all", "--every"], "cannot be combined"),
        (["BR", "--all"], "not both"),
        (["BRA"], "'BRA' is not a country code"),
        (["--limit", "0"], "--limit must be at least 1"),
    ])
    func badUsageIsAValidationErrorThatNamesTheProblem(arguments: [String], message: String) {
        #expect(throws: (any Error).self) {
            do {
                _ = try BenchCommand.parseAsRoot(arguments)
            } catch {
                #expect(BenchCommand.exitCode(for: error) == ExitCode(64), "\(arguments)")
                #expect(
                    BenchCommand.message(for: error).contains(message), "\(BenchCommand.message(for: error))")
                throw error
            }
        }
    }

    @Test func jsonIsASwitchAsInTheClients() throws {
        // `flags-seq --json BR` downloads BR and prints JSON: so does the bench.
        let command = try #require(try BenchCommand.parseAsRoot(["--json", "BR"]) as? BenchCommand)
        #expect(command.json)
        #expect(command.codes == ["BR"])
        #expect(command.jsonFile == nil)
    }

    @Test(arguments: [
        (["--json=bench.json"], "use --json-file bench.json" as String?),
        (["BR", "--csv=/tmp/b.csv"], "use --csv-file /tmp/b.csv"),
        (["--json", "BR"], nil),
        (["--json-file=bench.json"], nil),
        (["--", "--json=x"], nil),
    ])
    func theOldSpellingWithAnEqualsSignIsCaughtBeforeParsing(arguments: [String], message: String?) {
        let problem = OutputSpelling.problem(arguments: arguments)
        if let message {
            #expect(problem?.contains(message) == true, "\(problem ?? "nil")")
        } else {
            #expect(problem == nil)
        }
    }

    @Test func anUnknownServerListsEveryLabelThatIsAccepted() throws {
        var message = ""
        do {
            _ = try BenchCommand.parseAsRoot(["-s", "nonsense"])
        } catch {
            message = BenchCommand.message(for: error)
        }
        #expect(ServerProfile.presets.count == 8)
        for profile in ServerProfile.presets {
            #expect(message.contains("\(profile.name) (:\(profile.defaultPort))"), "\(message)")
            // …and every label listed is accepted.
            #expect(throws: Never.self) { try ServerSetting(server: profile.name.lowercased(), delays: nil) }
        }
    }

    @Test(arguments: [
        (["--concurrency", "200,1,50,1"], [1, 50, 200]),
        (["-m", " 5 , 2 "], [2, 5]),
        ([], [20]),
    ])
    func concurrencyListsAreSortedWithoutRepeats(arguments: [String], expected: [Int]) throws {
        let command = try #require(try BenchCommand.parseAsRoot(arguments) as? BenchCommand)
        #expect(try ListArgument.integers(command.concurrency, option: "-m", range: 1...1000) == expected)
    }

    @Test(arguments: [
        ("curl,seq", [BenchStrategy.sequential, .curl]),
        ("async,flags-pool,sequential", [.sequential, .pool, .async]),
        ("SEQ", [.sequential]),
    ])
    func strategiesAreNamedShortOrByExecutableAndRunInTableOrder(text: String, expected: [BenchStrategy])
        throws
    {
        #expect(try ListArgument.strategies(text, option: "--strategies") == expected)
    }

    /// A `--server` and `--delay` pair, and the delay points they give.
    struct DelayCase: Sendable, CustomStringConvertible {
        var server: String?
        var delays: [Double]?
        var expected: [Double?]
        var description: String { "\(server ?? "embedded") \(delays ?? [])" }
    }

    @Test(arguments: [
        DelayCase(server: nil, delays: nil, expected: [0.5]),
        DelayCase(server: nil, delays: [0, 0.1, 0.5], expected: [0, 0.1, 0.5]),
        DelayCase(server: "LOCAL", delays: nil, expected: [0]),
        DelayCase(server: "error", delays: nil, expected: [0.5]),
        DelayCase(server: "http://127.0.0.1:9/flags/", delays: nil, expected: [nil]),
        DelayCase(server: "http://127.0.0.1:9/flags", delays: [0.25], expected: [0.25]),
    ])
    func theDelayIsKnownForLabelsAndDeclaredForURLs(example: DelayCase) throws {
        let setting = try ServerSetting(server: example.server, delays: example.delays)
        #expect(setting.delays == example.expected)
        if case .external(_, let baseURL, _) = setting {
            #expect(!baseURL.hasSuffix("/"))
        }
    }

    @Test func onlyAFixedDelayIsKnown() {
        #expect(ServerSetting.knownDelay(.fixed(.milliseconds(500))) == 0.5)
        #expect(ServerSetting.knownDelay(.zero) == 0)
        #expect(ServerSetting.knownDelay(.uniform(.milliseconds(100)...(.milliseconds(900)))) == nil)
    }

    @Test(arguments: [
        ([] as [String], false, false, nil as Int?, 20, "POP20"),
        (["b", "in"], false, false, nil, 27, "B IN"),
        ([], false, true, nil, 676, "--every"),
        ([], false, true, 3, 3, "--every -l 3"),
        ([], true, false, nil, 194, "--all"),
    ])
    func codesExpandAsTheClientsExpandThem(
        arguments: [String], all: Bool, every: Bool, limit: Int?, count: Int, selection: String
    ) throws {
        let list = try CodeSelection(arguments, all: all, every: every, limit: limit)
        #expect(list.codes.count == count)
        #expect(list.label == selection)
        #expect(list.codes == list.codes.sorted())
        #expect(list.codes.allSatisfy { $0 == $0.uppercased() && $0.count == 2 })
    }
}
