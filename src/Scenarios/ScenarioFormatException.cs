// A scenario file that cannot be used, told once: the file, the line when the JSON itself is malformed, the JSON path
// of the offending value and what was expected there.
namespace SimManila.Scenarios;

public sealed class ScenarioFormatException : Exception
{
    public ScenarioFormatException(string file, string jsonPath, string problem, int? line = null, Exception? inner = null)
        : base(Compose(file, jsonPath, problem, line), inner)
    {
        File = file;
        JsonPath = jsonPath;
        Problem = problem;
        Line = line;
    }

    /// <summary>The file as it was named to the loader (path or name).</summary>
    public string File { get; }

    /// <summary>Where in the document, e.g. "$.concurrent[1].args.size"; "$" for the whole document.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong and what was expected instead.</summary>
    public string Problem { get; }

    /// <summary>1-based line, known only when the JSON text itself is malformed.</summary>
    public int? Line { get; }

    static string Compose(string file, string jsonPath, string problem, int? line) =>
        line is int l ? $"{file}:{l}: {jsonPath}: {problem}" : $"{file}: {jsonPath}: {problem}";
}
