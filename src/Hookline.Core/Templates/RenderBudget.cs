using System.Text;

namespace Hookline.Core.Templates;

/// <summary>What one render has spent so far, checked at every write and assignment.</summary>
internal sealed class RenderBudget(TemplateLimits limits, TimeProvider clock)
{
    public const string AmbientKey = "hookline.budget";

    private readonly long _started = clock.GetTimestamp();
    private long _chars;

    public void Spend(int chars)
    {
        _chars += chars;
        if (_chars > limits.MaxOutputChars)
        {
            throw new TemplateLimitException($"the output is larger than {limits.MaxOutputChars} characters");
        }
        CheckTime();
    }

    public void CheckValue(int chars)
    {
        if (chars > limits.MaxOutputChars)
        {
            throw new TemplateLimitException($"a variable grew larger than {limits.MaxOutputChars} characters");
        }
        CheckTime();
    }

    public void CheckTime()
    {
        if (clock.GetElapsedTime(_started) > limits.MaxRenderTime)
        {
            throw new TemplateLimitException($"rendering took longer than {limits.MaxRenderTime.TotalMilliseconds:0} ms");
        }
    }
}

/// <summary>Collects rendered text and charges every character to the budget before keeping it.</summary>
internal sealed class BudgetWriter(RenderBudget budget) : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        budget.Spend(1);
        _text.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }
        budget.Spend(value.Length);
        _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        budget.Spend(count);
        _text.Append(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        budget.Spend(buffer.Length);
        _text.Append(buffer);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override string ToString() => _text.ToString();
}
