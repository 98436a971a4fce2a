using Conduit.Host.Cli;

return await ConduitCli.RunAsync(args, Console.Out, Console.Error);
