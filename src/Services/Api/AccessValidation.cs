// Access-rule input checks of the API (manila/api/common.py: validate_access, validate_ip; fact sheet §6).
using System.Net;
using System.Net.Sockets;

namespace SimManila.Services.Api;

public static class AccessValidation
{
    static readonly char[] ForbiddenUserChars = "\"/\\[]:;|=,+*?<>".ToCharArray();

    /// <summary>Null when the rule is acceptable, else the reason for a 400.</summary>
    public static string? Problem(string accessType, string accessTo, string accessLevel)
    {
        if (accessLevel is not ("rw" or "ro")) return $"access level '{accessLevel}' is invalid, expected rw or ro";
        switch (accessType)
        {
            case "ip":
                return TryNormalizeIp(accessTo, out _) ? null : $"'{accessTo}' is not a valid IPv4 or IPv6 address or network";
            case "user":
                if (accessTo.Length is < 4 or > 255) return $"user '{accessTo}' must be 4 to 255 characters";
                if (accessTo.IndexOfAny(ForbiddenUserChars) >= 0) return $"user '{accessTo}' contains a forbidden character";
                if (accessTo.Trim('.', ' ').Length == 0) return $"user '{accessTo}' may not consist of dots and spaces only";
                return null;
            case "cert":
                return accessTo.Length is >= 1 and <= 64 ? null : $"certificate common name must be 1 to 64 characters";
            case "cephx":
                if (accessTo.Length == 0) return "cephx id must not be empty";
                if (accessTo.Contains('.')) return $"cephx id '{accessTo}' may not contain '.'";
                return accessTo.All(c => c is >= ' ' and <= '~') ? null : $"cephx id '{accessTo}' must be printable ASCII";
            default:
                return $"access type '{accessType}' is invalid, expected ip, user, cert or cephx";
        }
    }

    /// <summary>IP rules compare as networks: "10.0.0.1" and "10.0.0.1/32" are the same rule.</summary>
    public static string Normalize(string accessType, string accessTo) =>
        accessType == "ip" && TryNormalizeIp(accessTo, out var network) ? network : accessTo;

    public static bool IsIpv6(string accessType, string accessTo) =>
        accessType == "ip" && TryNormalizeIp(accessTo, out var network) && network.Contains(':');

    static bool TryNormalizeIp(string text, out string network)
    {
        network = "";
        if (text.Contains('/'))
        {
            if (!IPNetwork.TryParse(text, out var parsed)) return false;
            network = parsed.ToString();
            return true;
        }
        if (!IPAddress.TryParse(text, out var address)) return false;
        int bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        network = new IPNetwork(address, bits).ToString();
        return true;
    }
}
