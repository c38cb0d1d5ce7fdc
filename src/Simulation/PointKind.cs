// The kinds of scheduling point: what an operation is about to do when the scheduler may switch to another one.
namespace SimManila.Simulation;

public enum PointKind { Start, Yield, Read, Write, Acquire, Release, Send, Receive, Timer, Complete }
