return await BackupExporter.Cli.CliApp.RunAsync(args);
