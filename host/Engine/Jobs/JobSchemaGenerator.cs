using System.Text.Json;
using System.Text.Json.Nodes;
using Conduit.Abstractions.Memory;
using Conduit.Engine.Stages;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.Generation.TypeMappers;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Writes the JSON Schema (draft-07) of job files for the registered stage types, so that editors complete and check
/// jobs. Each stage type's options schema is generated from its options class (XML docs become descriptions); a stage
/// entry is one of the variants, chosen by its <c>use</c>.
/// </summary>
public static class JobSchemaGenerator
{
    private const string SizePattern = @"^\s*[0-9]+(\.[0-9]+)?\s*(B|KiB|MiB|GiB|TiB|kB|KB|MB|GB|TB)?\s*$";

    /// <summary>Generates the schema for <paramref name="catalog"/>.</summary>
    public static JsonObject Generate(StageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var definitions = GenerateOptionDefinitions(catalog);
        var variants = new JsonArray();
        foreach (var type in catalog.StageTypes)
        {
            variants.Add(StageVariant(type));
        }

        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = "https://conduit.invalid/schemas/job.schema.json",
            ["title"] = "Conduit job",
            ["description"] = "A job for `conduit run`: named stages wired by `from`, with a memory budget and pools.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("name", "stages"),
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "Path or URL of this schema, for editors." },
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "The job's name (used in logs and traces)." },
                ["description"] = new JsonObject { ["type"] = "string", ["description"] = "What the job does, for people." },
                ["channelCapacity"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = JobDefinition.DefaultChannelCapacity, ["description"] = "Messages a channel between two stages holds before the producer waits." },
                ["workItems"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Run the job once per value, with one stage's option set to the value (an input file, a chunk's first slice); in string options, {item} is the item's number and {name} its file name without extension. `conduit run` runs the items in parallel within the budget, or on Slurm with --executor slurm.",
                    ["required"] = new JsonArray("stage", "option", "values"),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["stage"] = new JsonObject { ["type"] = "string", ["description"] = "The id of the stage whose option varies." },
                        ["option"] = new JsonObject { ["type"] = "string", ["description"] = "The option, as written in the stage's `with`." },
                        ["values"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = new JsonArray("string", "number") }, ["description"] = "One value a work item." },
                        ["description"] = new JsonObject { ["type"] = "string" },
                    },
                },
                ["memory"] = MemorySchema(),
                ["stages"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["description"] = "The stages; each reads the output of the stages named in its `from`.",
                    ["items"] = new JsonObject { ["oneOf"] = variants },
                },
            },
            ["definitions"] = definitions,
        };
    }

    /// <summary>The schema as indented JSON text.</summary>
    public static string GenerateText(StageCatalog catalog) =>
        Generate(catalog).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static JsonObject Size(string description) => new()
    {
        ["type"] = new JsonArray("string", "integer"),
        ["pattern"] = SizePattern,
        ["minimum"] = 0,
        ["description"] = description + " Bytes as an integer, or a number with a unit: \"64 MiB\", \"2 GiB\".",
    };

    private static JsonObject MemorySchema() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["description"] = "The job's memory budget and named pools.",
        ["properties"] = new JsonObject
        {
            ["budget"] = Size($"Most memory the job's pools may hold at once (default {MemoryDefinition.DefaultBudget})."),
            ["pools"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Named pools that stages ask for by name; every job also has the managed pool \"default\".",
                ["additionalProperties"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["required"] = new JsonArray("kind"),
                    ["properties"] = new JsonObject
                    {
                        ["kind"] = new JsonObject { ["enum"] = new JsonArray([.. PoolKindName.All.Select(k => (JsonNode)k)]), ["description"] = "managed: capped arrays; pinned: aligned native memory for P/Invoke and DMA; slab: N preallocated fixed-size buffers; mapped: temporary memory-mapped files." },
                        ["size"] = Size("Bytes in each slab (slab pools)."),
                        ["count"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Number of slabs (slab pools)." },
                        ["limit"] = Size("The pool's own cap within the job budget (managed, pinned), or the disk it may map (mapped)."),
                        ["alignment"] = new JsonObject { ["type"] = "integer", ["minimum"] = 64, ["description"] = "Alignment of blocks in bytes, a power of two (pinned pools; default 4096)." },
                        ["fallback"] = new JsonObject { ["type"] = "string", ["description"] = "Pool that serves requests a slab pool cannot (default \"default\")." },
                        ["directory"] = new JsonObject { ["type"] = "string", ["description"] = "Folder of the temporary files (mapped pools)." },
                        ["description"] = new JsonObject { ["type"] = "string" },
                    },
                },
            },
        },
    };

    private static JsonObject StageVariant(StageTypeDescriptor type)
    {
        var properties = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z0-9][A-Za-z0-9_-]*$", ["description"] = "The stage's id, unique in the job." },
            ["use"] = new JsonObject { ["enum"] = new JsonArray(type.Name), ["description"] = type.Description },
            ["with"] = new JsonObject { ["$ref"] = $"#/definitions/{type.Name}" },
            ["budget"] = Size("The stage's own budget, within the job's."),
            ["capacity"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Capacity of this stage's output channel." },
            ["description"] = new JsonObject { ["type"] = "string" },
        };
        var required = new JsonArray("id", "use");
        if (type.InputType is not null)
        {
            properties["from"] = new JsonObject
            {
                ["description"] = $"The stage(s) whose {type.InputType.Name} messages this stage reads.",
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "string" },
                    new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["minItems"] = 1 }),
            };
            required.Add("from");
        }

        return new JsonObject
        {
            ["title"] = type.Name,
            ["description"] = type.Description,
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = required,
            ["properties"] = properties,
        };
    }

    private static JsonObject GenerateOptionDefinitions(StageCatalog catalog)
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = JobJson.Options,
            SchemaType = SchemaType.JsonSchema,
            FlattenInheritanceHierarchy = true,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
            GenerateEnumMappingDescription = false,
        };
        settings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(ByteSize), schema =>
        {
            schema.Type = JsonObjectType.String | JsonObjectType.Integer;
            schema.Pattern = SizePattern;
        }));
        var holder = new JsonSchema();
        var resolver = new JsonSchemaResolver(holder, settings);
        var generator = new JsonSchemaGenerator(settings);
        foreach (var type in catalog.StageTypes)
        {
            holder.Definitions[type.Name] = generator.Generate(type.OptionsType, resolver);
        }

        var definitions = JsonNode.Parse(holder.ToJson())!["definitions"]!.AsObject();
        foreach (var (_, definition) in definitions)
        {
            Tighten(definition);
        }

        return (JsonObject)definitions.DeepClone();
    }

    /// <summary>Options reject unknown keys, so their schemas must too; enum names follow the binder's kebab case.</summary>
    private static void Tighten(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["properties"] is JsonObject properties)
        {
            schema["additionalProperties"] = false;
            foreach (var (_, property) in properties)
            {
                Tighten(property);
            }
        }

        if (schema["enum"] is JsonArray values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is JsonValue value && value.TryGetValue<string>(out var name))
                {
                    values[i] = JsonNamingPolicy.KebabCaseLower.ConvertName(name);
                }
            }

            schema.Remove("x-enumNames");
        }

        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[key] is JsonArray items)
            {
                foreach (var item in items)
                {
                    Tighten(item);
                }
            }
        }

        Tighten(schema["items"]);
    }
}
