using Mono.Cecil;
using Mono.Cecil.Cil;

namespace BackupExporter.Tests.Architecture;

/// <summary>
/// Which source folder uses which, read from the compiled IL: signatures, attributes, and every type, method and
/// field a method body names (a dependency hidden in a body counts as much as one in a signature).
/// A folder is a namespace below the root namespace, written as a path: <c>Inspection/Logs</c>.
/// </summary>
internal static class FolderDependencies
{
    /// <summary>Edges from a using folder to a used folder, each with the type pairs that make it.</summary>
    public static IReadOnlyDictionary<(string From, string To), SortedSet<string>> Read(string assemblyPath, string rootNamespace)
    {
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(type, rootNamespace);
            if (from is null) continue;
            foreach (var used in UsedTypes(type))
            {
                var to = FolderOf(used, rootNamespace);
                if (to is null || to == from) continue;
                if (!edges.TryGetValue((from, to), out var examples)) edges[(from, to)] = examples =
                    new SortedSet<string>(StringComparer.Ordinal);
                examples.Add($"{Outermost(type).FullName} -> {Outermost(used).FullName}");
            }
        }
        return edges;
    }

    private static string? FolderOf(TypeReference type, string rootNamespace)
    {
        var ns = Outermost(type).Namespace;
        return ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal) ? ns[(rootNamespace.Length + 1)..].Replace('.', '/') : null;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static List<TypeReference> UsedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t) => Flatten(t, found);
        Add(type.BaseType);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        AddAttributes(type, found);
        foreach (var g in type.GenericParameters) foreach (var c in g.Constraints) Add(c.ConstraintType);
        foreach (var f in type.Fields) { Add(f.FieldType); AddAttributes(f, found); }
        foreach (var p in type.Properties) { Add(p.PropertyType); AddAttributes(p, found); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            AddAttributes(m, found);
            AddMethodSignature(m, found);
            foreach (var g in m.GenericParameters) foreach (var c in g.Constraints) Add(c.ConstraintType);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var h in m.Body.ExceptionHandlers) Add(h.CatchType);
            foreach (var instruction in m.Body.Instructions) AddOperand(instruction, found);
        }
        return found;
    }

    private static void AddOperand(Instruction instruction, List<TypeReference> found)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                Flatten(t, found);
                break;
            case MethodReference method:
                Flatten(method.DeclaringType, found);
                AddMethodSignature(method, found);
                if (method is GenericInstanceMethod generic) foreach (var a in generic.GenericArguments) Flatten(a, found);
                break;
            case FieldReference field:
                Flatten(field.DeclaringType, found);
                Flatten(field.FieldType, found);
                break;
            default:
                break;
        }
    }

    private static void AddMethodSignature(MethodReference method, List<TypeReference> found)
    {
        Flatten(method.ReturnType, found);
        foreach (var p in method.Parameters) Flatten(p.ParameterType, found);
    }

    private static void AddAttributes(ICustomAttributeProvider provider, List<TypeReference> found)
    {
        foreach (var a in provider.CustomAttributes)
        {
            Flatten(a.AttributeType, found);
            foreach (var arg in a.ConstructorArguments) if (arg.Value is TypeReference t) Flatten(t, found);
        }
    }

    /// <summary>Generic instances, arrays, pointers and by-refs stand for the types they are made of.</summary>
    private static void Flatten(TypeReference? type, List<TypeReference> found)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Flatten(generic.ElementType, found);
                foreach (var a in generic.GenericArguments) Flatten(a, found);
                return;
            case TypeSpecification spec:
                Flatten(spec.ElementType, found);
                return;
            default:
                found.Add(type);
                return;
        }
    }
}
