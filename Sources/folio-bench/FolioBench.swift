import ArgumentParser

/// `folio-bench`: measures Folio against the baselines a user would pick
/// instead, in the same run, on the same seeded data (issue 6).
@main
struct FolioBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-bench",
        abstract: "Benchmark Folio against gzip JSON, the zlib floor and raw SQLite, in one run.",
        subcommands: [RunCommand.self, ClientSyncCommand.self],
        defaultSubcommand: RunCommand.self)
}
