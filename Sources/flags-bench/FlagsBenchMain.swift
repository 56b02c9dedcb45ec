import FlagsBench

/// All the work is in `BenchCommand` (FlagsBench), where tests can reach it.
@main
struct FlagsBenchMain {
    static func main() async {
        await BenchCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
