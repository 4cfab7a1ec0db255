namespace Hookline.Bench.Infra;

/// <summary>
/// One figure and the baseline it is read against, measured in the same run. <see cref="Ratio"/> is
/// value ÷ baseline; <see cref="Met"/> is null when the figure has no target.
/// </summary>
public sealed record Measure(
    string Scenario,
    string Store,
    string What,
    double Value,
    string Unit,
    string BaselineWhat,
    double Baseline,
    string? Target = null,
    bool? Met = null,
    double PeakRssMiB = double.NaN)
{
    public double Ratio => Baseline is 0 or double.NaN ? double.NaN : Value / Baseline;

    /// <summary>Met when value ÷ baseline reaches <paramref name="minimum"/>.</summary>
    public Measure AtLeast(double minimum) => this with { Target = $"≥ {minimum:P0} of baseline", Met = Ratio >= minimum };

    /// <summary>Met when the value itself stays at or under <paramref name="maximum"/>.</summary>
    public Measure AtMost(double maximum, string unit) => this with { Target = $"≤ {maximum:0.#} {unit}", Met = Value <= maximum };
}
