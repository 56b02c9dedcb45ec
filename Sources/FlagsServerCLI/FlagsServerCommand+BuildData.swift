import ArgumentParser
import FlagsDataBuilder
import FlagsServer
import FlagsShared

extension FlagsServerCommand {
    /// `flags-server build-data`: write flags-data/ from the Debian packages.
    struct BuildData: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build-data",
            abstract: "Build the server's flags-data/ from Debian's iso-flags-png-320x240 and iso-codes.",
            discussion: """
                For each of the \(CountryCodes.all.count) codes of --all, writes
                  flags-data/flags/{cc}/{cc}.png      a copy of the package's image
                  flags-data/flags/{cc}/metadata.json {"country": "Brazil", "iso_cc": "BR"}
                Files already up to date are left alone, so running it again is
                harmless. Run it from the repository root:
                  \(FlagsServerCommand.running) build-data
                It needs: apt-get install iso-flags-png-320x240 iso-codes
                """
        )

        @Option(
            help: ArgumentHelp("The flags-data directory to write (created if missing).", valueName: "DIR"))
        var root = "flags-data"

        @Option(
            name: .customLong("images"),
            help: ArgumentHelp("The {cc}.png images of iso-flags-png-320x240.", valueName: "DIR"))
        var imagesDirectory = FlagDataBuilder.defaultImagesDirectory

        @Option(
            name: .customLong("iso-codes"),
            help: ArgumentHelp("The iso_3166-1.json of iso-codes (country names).", valueName: "FILE"))
        var isoCodesJSON = FlagDataBuilder.defaultISOCodesJSON

        func run() throws {
            let report = try FlagDataBuilder.build(
                codes: CountryCodes.all,
                imagesDir: imagesDirectory,
                isoCodesJSON: isoCodesJSON,
                root: root
            )
            print(report)
        }
    }
}
