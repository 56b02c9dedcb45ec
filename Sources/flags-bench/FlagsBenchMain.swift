import ArgumentParser
import FlagsBench

/// All the work is in `BenchCommand` (FlagsBench), where tests can reach it.
@main
struct FlagsBenchMain {
    static func main() async {
        await BenchCommand.main()
    }
}
