using System.Diagnostics.CodeAnalysis;

namespace CertVerify.Web.Hosting;

/// <summary>What a rule's method gives back: its value, or the <see cref="Refusal"/> that stopped it.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Refusal? refusal) => (Value, Refusal) = (value, refusal);

    public T? Value { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
