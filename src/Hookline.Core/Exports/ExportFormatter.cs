using System.Buffers;
using System.Text;
using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Messages;

namespace Hookline.Core.Exports;

/// <summary>
/// Writes rows into a reusable buffer that the caller drains to the response every few hundred
/// rows, so memory stays the size of one chunk whatever the export's length.
/// </summary>
internal abstract class ExportFormatter
{
    public ArrayBufferWriter<byte> Buffer { get; } = new(128 * 1024);

    public abstract void Begin(IReadOnlyList<string> columns);
    public abstract void Row(IReadOnlyList<string> columns, string?[] values, bool rawLastColumn);
    public abstract void End();

    /// <summary>Makes everything written so far visible in <see cref="Buffer"/>.</summary>
    public virtual void Commit()
    {
    }

    public static ExportFormatter For(string format) => format == ExportFormats.Csv ? new CsvFormatter() : new JsonFormatter();

    public static string?[] Values<T>(T row) => row switch
    {
        Message m => ExportColumns.Values(m),
        Delivery d => ExportColumns.Values(d),
        _ => throw new ArgumentException("not an exportable row", nameof(row)),
    };
}

/// <summary>RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled.</summary>
internal sealed class CsvFormatter : ExportFormatter
{
    private readonly StringBuilder _line = new(1024);

    public override void Begin(IReadOnlyList<string> columns) => Write(columns.ToArray()!);

    public override void Row(IReadOnlyList<string> columns, string?[] values, bool rawLastColumn) => Write(values);

    public override void End()
    {
    }

    private void Write(string?[] values)
    {
        _line.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(',');
            }
            Field(_line, values[i]);
        }
        _line.Append("\r\n");
        var span = Buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(_line.Length));
        var written = 0;
        foreach (var chunk in _line.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, span[written..]);
        }
        Buffer.Advance(written);
    }

    private static void Field(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(value);
            return;
        }
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}

/// <summary>A JSON array of flat objects; the message payload is embedded as JSON, not as a string.</summary>
internal sealed class JsonFormatter : ExportFormatter
{
    private readonly Utf8JsonWriter _writer;

    public JsonFormatter() => _writer = new Utf8JsonWriter(Buffer, new JsonWriterOptions { SkipValidation = false });

    public override void Begin(IReadOnlyList<string> columns) => _writer.WriteStartArray();

    public override void Row(IReadOnlyList<string> columns, string?[] values, bool rawLastColumn)
    {
        _writer.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                _writer.WriteNull(columns[i]);
            }
            else if (rawLastColumn && i == columns.Count - 1)
            {
                _writer.WritePropertyName(columns[i]);
                _writer.WriteRawValue(value, skipInputValidation: true);
            }
            else
            {
                _writer.WriteString(columns[i], value);
            }
        }
        _writer.WriteEndObject();
    }

    public override void End()
    {
        _writer.WriteEndArray();
        _writer.Flush();
    }

    public override void Commit() => _writer.Flush();
}
