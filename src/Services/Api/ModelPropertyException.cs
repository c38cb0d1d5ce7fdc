// An error Manila's own code raised while answering (a TypeError in a model property, say): the request fails with 500.
namespace SimManila.Services.Api;

public sealed class ModelPropertyException(string message) : Exception(message);
