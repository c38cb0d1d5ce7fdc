// The simmanila executable: everything happens in SimManilaCli.Run, which the tests call in-process.
namespace SimManila.Cli;

public static class Program
{
    public static int Main(string[] args) => SimManilaCli.Run(args, Console.Out, Console.Error, CliHost.Process());
}
