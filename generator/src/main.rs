//! The `openapi-codegen` command: generate a standalone client crate from an
//! OpenAPI document, or check a document and print its diagnostics.

use std::process::ExitCode;
use std::time::Instant;

use openapi_codegen::{Config, GenerateError, Generated};

const USAGE: &str = "\
openapi-codegen: typed Rust clients from OpenAPI 3.0 documents

USAGE:
    openapi-codegen generate <SPEC> --out <DIR> [--crate-name <NAME>]
    openapi-codegen check <SPEC>
    openapi-codegen --help

COMMANDS:
    generate   write a standalone crate (Cargo.toml and src/) to DIR;
               only files whose content changed are written
    check      print every diagnostic of SPEC without writing anything

OPTIONS:
    --out <DIR>          where the crate goes (generate)
    --crate-name <NAME>  the crate's library name (default: from info.title)

EXIT CODES:
    0  success (warnings may have been printed)
    1  the document has errors (printed with JSON pointers and hints)
    2  wrong command-line usage
    3  files could not be read or written

EXAMPLES:
    openapi-codegen generate schema/customer_groups.yaml --out /tmp/cg-client
    cargo run -p openapi-codegen -- check petstore.yaml
";

/// What the command line asks for.
enum Command {
    Generate {
        spec: String,
        out: String,
        crate_name: Option<String>,
    },
    Check {
        spec: String,
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
        Ok(Command::Check { spec }) => check(&spec),
        Ok(Command::Generate {
            spec,
            out,
            crate_name,
        }) => generate(&spec, &out, crate_name),
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
        "check" => match rest {
            [spec] => Ok(Command::Check { spec: spec.clone() }),
            _ => Err("`check` takes exactly one document".to_owned()),
        },
        "generate" => parse_generate(rest),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn parse_generate(args: &[String]) -> Result<Command, String> {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = Some(iter.next().ok_or("`--out` needs a folder")?.clone()),
            "--crate-name" => {
                crate_name = Some(iter.next().ok_or("`--crate-name` needs a name")?.clone())
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            path if spec.is_none() => spec = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    Ok(Command::Generate {
        spec: spec.ok_or("`generate` needs a document")?,
        out: out.ok_or("`generate` needs `--out <DIR>`")?,
        crate_name,
    })
}

fn run(spec: &str, crate_name: Option<String>) -> Result<Generated, GenerateError> {
    let config = Config::new();
    let config = match crate_name {
        Some(name) => config.crate_name(name),
        None => config,
    };
    config.generate_file(spec)
}

fn check(spec: &str) -> ExitCode {
    match run(spec, None) {
        Ok(generated) => {
            print_warnings(&generated);
            let (operations, types) = generated.counts();
            println!(
                "{spec}: ok ({operations} operations, {types} types, {} warnings)",
                generated.warnings().len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(1)
        }
    }
}

fn generate(spec: &str, out: &str, crate_name: Option<String>) -> ExitCode {
    let started = Instant::now();
    let generated = match run(spec, crate_name) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
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

fn print_warnings(generated: &Generated) {
    for warning in generated.warnings() {
        eprintln!("{warning}");
    }
}
