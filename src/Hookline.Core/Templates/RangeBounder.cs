using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Hookline.Core.Templates;

/// <summary>
/// Fluid builds a range such as <c>(1..n)</c> as an array up front, before any step is counted, so
/// <c>(1..2000000000)</c> would allocate gigabytes. This rewrites every range into one that refuses
/// to grow past <see cref="TemplateLimits.MaxRangeLength"/>.
/// </summary>
internal sealed class RangeBounder(int maxLength) : AstRewriter
{
    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        new BoundedRangeExpression(Visit(rangeExpression.From), Visit(rangeExpression.To), maxLength);

    private sealed class BoundedRangeExpression(Expression from, Expression to, int maxLength) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = (long)(await from.EvaluateAsync(context).ConfigureAwait(false)).ToNumberValue();
            var end = (long)(await to.EvaluateAsync(context).ConfigureAwait(false)).ToNumberValue();
            var length = Math.Max(0, end - start + 1);
            if (length > maxLength)
            {
                throw new TemplateLimitException($"the range ({start}..{end}) holds {length} numbers; at most {maxLength} are allowed");
            }
            var items = new FluidValue[length];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = NumberValue.Create(start + i);
            }
            return new ArrayValue(items);
        }
    }
}

/// <summary>A render stopped by one of its <see cref="TemplateLimits"/>.</summary>
internal sealed class TemplateLimitException(string message) : Exception(message);
