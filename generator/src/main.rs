//! The `openapi-codegen` command: generate a standalone client crate from an
//! OpenAPI document, or check a document and print its diagnostics.

use std::process::ExitCode;
use std::time::Instant;

use openapi_codegen::{ApiClass, Config, Generated, TagFeatures};

/// Generation is allocation-heavy (token streams, syntax trees, JSON):
/// mimalloc makes the whole run about a third faster than glibc's malloc.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
openapi-codegen: typed Rust clients from OpenAPI 3.0 documents

USAGE:
    openapi-codegen generate <SPEC> --out <DIR> [--crate-name <NAME>] [FILTER...]
    openapi-codegen check <SPEC> [FILTER...]
    openapi-codegen diff <OLD> <NEW> [--format text|json] [FILTER...]
    openapi-codegen --help

ENVIRONMENT:
    OPENAPI_CODEGEN_TIMINGS=1  print how long each phase took

COMMANDS:
    generate   write a standalone crate (Cargo.toml and src/) to DIR;
               only files whose content changed are written
    check      print every diagnostic of SPEC without writing anything
    diff       list each change to the generated Rust API from OLD to NEW
               (`breaking:`, `compatible:` or `docs:`, the item, the JSON
               pointer it comes from), then `api change: none|compatible|breaking`

OPTIONS:
    --out <DIR>          where the crate goes (generate)
    --crate-name <NAME>  the crate's library name (default: from info.title)
    --format <FORMAT>    `text` (default) or `json` (diff)
    --example-tests      add a test module (`cargo test`) that decodes each JSON
                         example of the document into its type and back (generate)
    --tag-features <WHEN>
                         `auto` (default: on from 200 operations and two tags),
                         `on` or `off`: each tag a cargo feature of the crate
                         (`tag-pets`; all on by default through `all-tags`)

FILTER (repeatable; an operation matching any is generated, with the types it uses):
    --path <PREFIX>      operations under this path prefix (e.g. /customer_groups)
    --tag <TAG>          operations with this tag
    --operation-id <ID>  the operation with this operationId

TYPES (repeatable; the crates named are dependencies you add to the generated crate):
    --format-type <FORMAT=TYPE>      your type for every schema with this format
                                     (e.g. uuid=uuid::Uuid)
    --schema-type <SCHEMA=TYPE>      your type instead of generating this
                                     components/schemas entry
    --derive <PATH>                  an extra derive on every struct and enum (e.g. Hash)
    --type-attribute <TYPE=ATTR>     an attribute on one generated type
                                     (e.g. 'Pet=#[serde(deny_unknown_fields)]')

EXIT CODES:
    0  success (warnings may have been printed)
    1  the document or a setting has errors (printed with JSON pointers and hints)
    2  wrong command-line usage
    3  files could not be read or written
    4  diff: the API change is breaking

EXAMPLES:
    openapi-codegen generate schema/customer_groups.yaml --out /tmp/cg-client
    openapi-codegen generate rutter.yaml --out /tmp/cg --path /customer_groups
    openapi-codegen generate api.yaml --out /tmp/api --format-type uuid=uuid::Uuid --derive Hash
    cargo run -p openapi-codegen -- check petstore.yaml
";

/// What the command line asks for.
enum Command {
    Generate {
        spec: String,
        out: String,
        config: Config,
    },
    Check {
        spec: String,
        config: Config,
    },
    Diff {
        old: String,
        new: String,
        json: bool,
        config: Config,
    },
    Help,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Check { spec, config }) => check(&spec, &config),
        Ok(Command::Generate { spec, out, config }) => generate(&spec, &out, &config),
        Ok(Command::Diff {
            old,
            new,
            json,
            config,
        }) => diff(&old, &new, json, &config),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<Command, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("no command given".to_owned());
    };
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "check" => {
            let options = parse_options(rest)?;
            if options.out.is_some() || options.crate_name_given || options.format.is_some() {
                return Err("`check` takes no `--out`, `--crate-name` or `--format`".to_owned());
            }
            Ok(Command::Check {
                spec: options.one_spec()?,
                config: options.config,
            })
        }
        "generate" => {
            let options = parse_options(rest)?;
            if options.format.is_some() {
                return Err("`generate` takes no `--format`".to_owned());
            }
            let out = options
                .out
                .clone()
                .ok_or("`generate` needs `--out <DIR>`")?;
            Ok(Command::Generate {
                spec: options.one_spec()?,
                out,
                config: options.config.cargo_features(true),
            })
        }
        "diff" => parse_diff(parse_options(rest)?),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn parse_diff(options: Options) -> Result<Command, String> {
    if options.out.is_some() {
        return Err("`diff` takes no `--out`".to_owned());
    }
    let json = match options.format.as_deref() {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => return Err(format!("`--format` is `text` or `json`, not `{other}`")),
    };
    let [old, new] = <[String; 2]>::try_from(options.specs)
        .map_err(|_| "`diff` needs two documents: OLD and NEW".to_owned())?;
    Ok(Command::Diff {
        old,
        new,
        json,
        config: options.config.cargo_features(true),
    })
}

/// The documents, output folder and settings given after a command.
struct Options {
    specs: Vec<String>,
    out: Option<String>,
    format: Option<String>,
    crate_name_given: bool,
    config: Config,
}

impl Options {
    /// The one document of `check` and `generate`.
    fn one_spec(&self) -> Result<String, String> {
        match self.specs.as_slice() {
            [spec] => Ok(spec.clone()),
            [] => Err("no document given".to_owned()),
            [_, extra, ..] => Err(format!("unexpected argument `{extra}`")),
        }
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut format = None;
    let mut crate_name_given = false;
    let mut config = Config::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |what: &str| iter.next().cloned().ok_or(format!("`{arg}` needs {what}"));
        match arg.as_str() {
            "--out" => out = Some(value("a folder")?),
            "--format" => format = Some(value("`text` or `json`")?),
            "--tag-features" => {
                let mode = match value("`auto`, `on` or `off`")?.as_str() {
                    "auto" => TagFeatures::Auto,
                    "on" => TagFeatures::On,
                    "off" => TagFeatures::Off,
                    other => {
                        return Err(format!(
                            "`--tag-features` is `auto`, `on` or `off`, not `{other}`"
                        ));
                    }
                };
                config = config.tag_features(mode);
            }
            "--crate-name" => {
                config = config.crate_name(value("a name")?);
                crate_name_given = true;
            }
            "--path" => config = config.include_path_prefix(value("a path prefix")?),
            "--tag" => config = config.include_tag(value("a tag")?),
            "--operation-id" => config = config.include_operation_id(value("an operationId")?),
            "--format-type" => {
                let (format, ty) = pair(arg, &value("FORMAT=TYPE")?)?;
                config = config.format_type(format, ty);
            }
            "--schema-type" => {
                let (schema, ty) = pair(arg, &value("SCHEMA=TYPE")?)?;
                config = config.schema_type(schema, ty);
            }
            "--derive" => config = config.extra_derive(value("a derive path")?),
            "--example-tests" => config = config.example_tests(true),
            "--type-attribute" => {
                let (name, attribute) = pair(arg, &value("TYPE=ATTRIBUTE")?)?;
                config = config.type_attribute(name, attribute);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            path => specs.push(path.to_owned()),
        }
    }
    Ok(Options {
        specs,
        out,
        format,
        crate_name_given,
        config,
    })
}

/// `NAME=VALUE`, split at the first `=`.
fn pair(flag: &str, text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(format!("`{flag}` needs NAME=VALUE, got `{text}`")),
    }
}

/// Reads and generates `spec`; the exit code when that fails (3 when the
/// file cannot be read, 1 when the document or a setting has errors).
fn generate_from(spec: &str, config: &Config) -> Result<Generated, ExitCode> {
    config.generate_file(spec).map_err(|error| {
        eprintln!("{error}");
        ExitCode::from(if error.unreadable { 3 } else { 1 })
    })
}

fn check(spec: &str, config: &Config) -> ExitCode {
    match generate_from(spec, config) {
        Ok(generated) => {
            print_warnings(&generated);
            let (operations, types) = generated.counts();
            println!(
                "{spec}: ok ({operations} operations, {types} types, {} warnings)",
                generated.warnings().len()
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn generate(spec: &str, out: &str, config: &Config) -> ExitCode {
    let started = Instant::now();
    let generated = match generate_from(spec, config) {
        Ok(generated) => generated,
        Err(code) => return code,
    };
    print_warnings(&generated);
    match generated.write_crate(out) {
        Ok(written) => {
            let (operations, types) = generated.counts();
            println!(
                "generated {operations} operations and {types} types into {out} ({} files written, {} unchanged) in {:.0?}",
                written.len(),
                generated.files().len() + 1 - written.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write to {out}: {error}");
            ExitCode::from(3)
        }
    }
}

/// Generates both documents (the diagnostics of either printed, with its
/// name) and prints what changed; exit code 4 when that breaks users.
fn diff(old: &str, new: &str, json: bool, config: &Config) -> ExitCode {
    let (before, after) = match (generate_from(old, config), generate_from(new, config)) {
        (Ok(before), Ok(after)) => (before, after),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = openapi_codegen::diff(&before, &after);
    if json {
        println!("{}", changes.to_json());
    } else {
        for line in changes.lines() {
            println!("{line}");
        }
    }
    if changes.class() == ApiClass::Breaking {
        ExitCode::from(4)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_timings(generated: &Generated) {
    if std::env::var_os("OPENAPI_CODEGEN_TIMINGS").is_some() {
        let phases: Vec<String> = generated
            .timings()
            .iter()
            .map(|(phase, took)| format!("{phase} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {}", phases.join(", "));
    }
}

fn print_warnings(generated: &Generated) {
    print_timings(generated);
    for warning in generated.warnings() {
        eprintln!("{warning}");
    }
}
