// Where-queries compiled once per predicate shape. The service's predicates are conjunctions of simple column tests
// ("row.Host == host && row.IsAutoDeletable", "row.Host != null", "row.Status == Status.Error"); each shape becomes one
// compiled EF query whose captured strings are its parameters, so a call skips EF's per-call expression
// parameterisation and query-cache lookup (a third of a small query's cost). Anything else takes the general path.
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SimManila.Model;

internal static class PredicateShapes<T> where T : class, IEntity
{
    private const int MaxParameters = 3;

    private enum Test { EqualsParameter, DiffersFromParameter, EqualsConstant, DiffersFromConstant, IsTrue, IsFalse }

    /// <summary>One column test of the conjunction; <see cref="Constant"/> is baked into the compiled query.</summary>
    private sealed record Atom(PropertyInfo Column, Test Test, object? Constant, MethodInfo? Operator);

    // A compiled query is bound to one EF model, and each provider has its own model: one entry per provider and shape.
    private static readonly ConcurrentDictionary<(DatabaseProvider, string),
        Func<ManilaDbContext, string?, string?, string?, IEnumerable<T>>> Queries = new();

    /// <summary>Runs <paramref name="predicate"/> as a compiled query over live rows when its shape is recognised.</summary>
    public static bool TryRun(DatabaseProvider provider, ManilaDbContext context, Expression<Func<T, bool>> predicate,
        out List<T> rows)
    {
        rows = null!;
        var atoms = new List<Atom>(2);
        var arguments = new string?[MaxParameters];
        int parameterCount = 0;
        if (!Collect(predicate.Body, predicate.Parameters[0], atoms, arguments, ref parameterCount)) return false;
        var query = Queries.GetOrAdd((provider, KeyOf(atoms)), static (_, shape) => Compile(shape), atoms);
        rows = query(context, arguments[0], arguments[1], arguments[2]).ToList();
        return true;
    }

    private static bool Collect(Expression body, ParameterExpression row, List<Atom> atoms, string?[] arguments,
        ref int parameterCount)
    {
        switch (body)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                return Collect(and.Left, row, atoms, arguments, ref parameterCount)
                    && Collect(and.Right, row, atoms, arguments, ref parameterCount);
            case ConstantExpression { Value: true }:
                return true;
            case MemberExpression member when ColumnOf(member, row) is { PropertyType: var type } column && type == typeof(bool):
                atoms.Add(new Atom(column, Test.IsTrue, null, null));
                return true;
            case UnaryExpression { NodeType: ExpressionType.Not, Operand: MemberExpression member }
                when ColumnOf(member, row) is { PropertyType: var type } column && type == typeof(bool):
                atoms.Add(new Atom(column, Test.IsFalse, null, null));
                return true;
            case BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual } comparison:
                var (left, right) = (comparison.Left, comparison.Right);
                var column2 = ColumnOf(left, row);
                if (column2 is null) (left, right, column2) = (right, left, ColumnOf(right, row));
                if (column2 is null || !TryEvaluate(right, out var value)) return false;
                bool equal = comparison.NodeType == ExpressionType.Equal;
                if (value is string text && column2.PropertyType == typeof(string))
                {
                    if (parameterCount == MaxParameters) return false;
                    arguments[parameterCount++] = text;
                    atoms.Add(new Atom(column2, equal ? Test.EqualsParameter : Test.DiffersFromParameter, null, comparison.Method));
                    return true;
                }
                // Only values from a small fixed set are baked into a shape, so the cache of shapes stays small.
                if (value is null or bool or Enum || IsStatus(value))
                {
                    atoms.Add(new Atom(column2, equal ? Test.EqualsConstant : Test.DiffersFromConstant, value, comparison.Method));
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static bool IsStatus(object value)
    {
        for (var type = value.GetType(); type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ManilaStatus<>)) return true;
        return false;
    }

    private static PropertyInfo? ColumnOf(Expression x, ParameterExpression row) =>
        x is MemberExpression { Member: PropertyInfo property, Expression: var owner } && owner == row ? property : null;

    // A captured value: a constant, or fields and properties read off a closure, without compiling anything.
    private static bool TryEvaluate(Expression x, out object? value)
    {
        switch (x)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case MemberExpression member:
                object? owner = null;
                if (member.Expression is not null && (!TryEvaluate(member.Expression, out owner) || owner is null))
                    break;
                switch (member.Member)
                {
                    case FieldInfo field: value = field.GetValue(owner); return true;
                    case PropertyInfo { GetMethod: not null } property when property.GetIndexParameters().Length == 0:
                        value = property.GetValue(owner); return true;
                }
                break;
        }
        value = null;
        return false;
    }

    private static string KeyOf(List<Atom> atoms)
    {
        var key = new StringBuilder();
        foreach (var atom in atoms)
            key.Append(atom.Column.Name).Append((int)atom.Test).Append(atom.Constant).Append('&');
        return key.ToString();
    }

    private static Func<ManilaDbContext, string?, string?, string?, IEnumerable<T>> Compile(List<Atom> atoms)
    {
        var context = Expression.Parameter(typeof(ManilaDbContext), "c");
        var parameters = new[]
        {
            Expression.Parameter(typeof(string), "p0"), Expression.Parameter(typeof(string), "p1"),
            Expression.Parameter(typeof(string), "p2"),
        };
        var row = Expression.Parameter(typeof(T), "row");
        Expression match = Expression.Not(Expression.Property(row, nameof(IEntity.Deleted)));
        int next = 0;
        foreach (var atom in atoms)
        {
            var column = Expression.Property(row, atom.Column);
            Expression test = atom.Test switch
            {
                Test.IsTrue => column,
                Test.IsFalse => Expression.Not(column),
                Test.EqualsParameter => Expression.Equal(column, parameters[next++], false, atom.Operator),
                Test.DiffersFromParameter => Expression.NotEqual(column, parameters[next++], false, atom.Operator),
                Test.EqualsConstant => Expression.Equal(column, Expression.Constant(atom.Constant, column.Type), false, atom.Operator),
                _ => Expression.NotEqual(column, Expression.Constant(atom.Constant, column.Type), false, atom.Operator),
            };
            match = Expression.AndAlso(match, test);
        }
        var rows = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsNoTracking),
            [typeof(T)], Expression.Call(context, nameof(DbContext.Set), [typeof(T)]));
        var body = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(T)], rows,
            Expression.Quote(Expression.Lambda<Func<T, bool>>(match, row)));
        return EF.CompileQuery(Expression.Lambda<Func<ManilaDbContext, string?, string?, string?, IQueryable<T>>>(
            body, context, parameters[0], parameters[1], parameters[2]));
    }
}
