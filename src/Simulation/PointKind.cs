// The kinds of scheduling point: what an operation is about to do when the scheduler may switch to another one.
namespace SimManila.Simulation;

/// <summary>Plain: a scheduling point and nothing more (sim.Point()); unlike Yield, PCT does not lower the operation's
/// priority there. New kinds go at the end: traces and logs keep the order.</summary>
public enum PointKind { Start, Yield, Read, Write, Acquire, Release, Send, Receive, Timer, Complete, Plain }
