// The same seed yields the identical trace file in two separate processes (and in this one).
using System.Diagnostics;

namespace SimManila.Simulation.Tests;

public class DeterminismTests
{
    static void RunHost(string output, ulong seed)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "SimManila.TraceHost.dll");
        Assert.True(File.Exists(host), $"trace host not built: {host}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(output);
        start.ArgumentList.Add(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "trace host timed out");
        Assert.True(process.ExitCode == 0, $"trace host failed ({process.ExitCode}): {errors}");
    }

    [Fact]
    public void SameSeedGivesTheIdenticalTraceFileInTwoProcesses()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"simmanila-determinism-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            string first = Path.Combine(dir, "first.json"), second = Path.Combine(dir, "second.json"), here = Path.Combine(dir, "here.json");
            RunHost(first, 424242);
            RunHost(second, 424242);
            SimManila.TraceHost.Program.Explore(424242).Save(here);
            var bytes = File.ReadAllBytes(first);
            Assert.Equal(bytes, File.ReadAllBytes(second));
            Assert.Equal(bytes, File.ReadAllBytes(here));
            var trace = SimTrace.Load(first);
            Assert.Equal(BugKind.Liveness, trace.BugKind);
            Assert.Contains(trace.Decisions, d => d.Kind == DecisionKind.Int);
            var replay = SimRunner.Replay(trace, SimManila.TraceHost.Program.Noisy);
            Assert.Equal(trace.BugStep, replay.Bug!.Step);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
