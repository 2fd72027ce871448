namespace BackupExporter.Tests.Support;

/// <summary>
/// The source type a test class tests when its name does not say so (a scenario over several types, or a name
/// after a behaviour): the class sits in the test folder mirroring this type's folder (TestLayoutTests checks it).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SubjectAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
