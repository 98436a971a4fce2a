using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Namotion.Reflection;

namespace Conduit.Engine.Stages;

/// <summary>Lists a stage type's options with their defaults and XML doc summaries.</summary>
public static partial class StageOptionsDescriber
{
    /// <summary>The options of <paramref name="type"/>, in declaration order.</summary>
    public static IReadOnlyList<StageOptionDescription> Describe(StageTypeDescriptor type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var typeInfo = JobJson.Options.GetTypeInfo(type.OptionsType);
        var defaults = Activator.CreateInstance(type.OptionsType);
        return typeInfo.Properties
            .Where(p => p.Set is not null)
            .Select(p =>
            {
                var member = p.AttributeProvider as MemberInfo;
                var required = p.IsRequired || (member?.IsDefined(typeof(RequiredAttribute), true) ?? false);
                var value = p.Get?.Invoke(defaults!);
                var summary = member?.GetXmlDocsSummary() ?? string.Empty;
                return new StageOptionDescription(
                    p.Name,
                    OptionsBinder.DescribeType(p.PropertyType),
                    required ? null : JsonSerializer.Serialize(value, p.PropertyType, JobJson.Options),
                    WhiteSpace().Replace(summary, " ").Trim());
            })
            .ToList();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
