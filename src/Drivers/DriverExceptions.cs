// Errors a backend raises; the manager turns them into error statuses the way Manila does.
namespace SimManila.Drivers;

/// <summary>Any backend failure (manila.exception.ShareBackendException and friends).</summary>
public class ShareBackendException(string message) : Exception(message);

/// <summary>The backend has no such share or snapshot (ShareResourceNotFound).</summary>
public sealed class ShareResourceNotFoundException(string message) : ShareBackendException(message);

/// <summary>A fault injected at a named site: the call failed as if the backend had.</summary>
public sealed class InjectedFaultException(string site) : ShareBackendException($"injected fault at {site}")
{
    public string Site { get; } = site;
}

/// <summary>The driver refuses to shrink below the used space (ShareShrinkingPossibleDataLoss).</summary>
public sealed class ShareShrinkingPossibleDataLossException(string message) : ShareBackendException(message);

/// <summary>The backend does not accept this access type for this share (InvalidShareAccessType).</summary>
public sealed class InvalidShareAccessTypeException(string message) : ShareBackendException(message);

/// <summary>A second delete of a resource reached the backend while the first one still runs.</summary>
public sealed class AlreadyBeingDeletedException(string message) : ShareBackendException(message);
